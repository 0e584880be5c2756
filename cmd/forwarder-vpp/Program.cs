using Nsm.Cmd.ForwarderVpp;
using Nsm.Sdk.Hosting;

// The VPP forwarder: connects to VPP (NSM_VPP_API_SOCKET, or a private vpp it starts), then serves and registers as
// cmd/forwarder-kernel does. VPP unreachable or of another version: exit 2 with one line saying so.
return await ForwarderVppProgram.RunAsync(args, new NsmEnvironment(), Console.Error, CancellationToken.None);
