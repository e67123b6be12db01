"""Small shared building blocks: the timestamped base model and personal-data masking."""
