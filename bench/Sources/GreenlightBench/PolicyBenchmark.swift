func runPolicyBenchmark(_ arguments: [String]) { fail("policy benchmark: not built yet") }
