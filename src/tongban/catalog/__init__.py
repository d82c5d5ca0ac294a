"""事项管理: the service catalogue (basic catalogue, implementation lists, versions,
guides)."""
