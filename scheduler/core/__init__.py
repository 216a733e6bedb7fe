"""The generic periodic-visit core: it knows sites, days, sessions, teams, travel and
rules, not Jung-gu, Korea or Tuesdays."""
