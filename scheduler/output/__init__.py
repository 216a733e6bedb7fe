"""Writers and renderers: they only read a Plan (and its Problem), never solve."""
