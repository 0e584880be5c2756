using Nsm.Cmd.NseFirewallVpp;
using Nsm.Sdk.Hosting;

// A passthrough NSE on its own VPP: each incoming connection (MEMIF or KERNEL) is cross-connected at L2 to its onward one
// (MEMIF, else KERNEL) and filtered by VPP ACLs from NSM_FIREWALL_RULES / NSM_ACL_CONFIG_PATH. A bad rule, VPP unreachable
// or of another version: exit 2 with one line saying so.
return await FirewallVppProgram.RunAsync(args, new NsmEnvironment(), Console.Error, CancellationToken.None);
