"""Pure kernel logic (no ORM, no Django): hash chains, masking, identifier checks."""
