"""The recognisers: each finds one part of a Party document in the cleaned lines."""
