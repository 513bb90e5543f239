// PerfFarmBuild: git and build orchestration, cluster control and the pgbench runner (see docs/architecture.md).
