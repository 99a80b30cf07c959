"""Input validation and output shapes of the Mesa de Ayuda face (the contract's field names)."""
