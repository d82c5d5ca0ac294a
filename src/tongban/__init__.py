"""Tongban (通办): the one-network government services platform of DB54/T 0264-2022."""
