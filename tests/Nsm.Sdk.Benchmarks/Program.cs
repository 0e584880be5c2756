using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Nsm.Sdk.Benchmarks.ChainBenchmarks).Assembly).Run(args);
