\set aid random(1, 100000 * :scale)
\set delta random(-5000, 5000)
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance AS balance FROM pgbench_accounts WHERE aid = :aid \gset
\shell printf 'balance-check client=%s aid=%s delta=%s balance=%s\n' :client_id :aid :delta :balance
