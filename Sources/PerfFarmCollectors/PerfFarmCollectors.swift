// PerfFarmCollectors: machine inventory, PostgreSQL statistics, the sampler and preflight checks (see docs/architecture.md).
