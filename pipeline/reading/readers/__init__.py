"""One reader per shape of content; each imports the model, shared and below only, never another reader."""
