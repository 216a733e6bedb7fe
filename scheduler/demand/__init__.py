"""Demand: attendance records and the model of expected visitors per visit."""
