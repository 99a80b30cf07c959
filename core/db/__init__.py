"""Database backends of the project (``ENGINE`` values): Django's, with what they lack."""
