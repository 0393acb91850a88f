"""Turning a validation report into text for people or data for machines."""
