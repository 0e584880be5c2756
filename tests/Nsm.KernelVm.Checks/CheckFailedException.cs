namespace Nsm.KernelVm.Checks;

/// <summary>A check's expectation that did not hold; its message is printed after "FAIL name: ".</summary>
internal sealed class CheckFailedException(string message) : Exception(message);
