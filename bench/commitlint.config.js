// commitlint's conventional configuration, as a peer for bench/lint-bench.sh.
module.exports = { extends: ["@commitlint/config-conventional"] };
