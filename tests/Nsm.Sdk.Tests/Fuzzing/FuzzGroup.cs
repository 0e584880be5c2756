namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// The fuzz runs load both cores for most of a minute: they run alone, so that the timing of the scenario tests (deadlines,
/// heal and liveness windows) is not starved by them.
/// </summary>
[CollectionDefinition("fuzz", DisableParallelization = true)]
public sealed class FuzzGroup;
