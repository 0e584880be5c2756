using Nsm.Cmd.NseVlanVpp;
using Nsm.Sdk.Hosting;

// An L2 NSE on its own VPP: with NSM_VLAN_ID every client's interface joins one bridge domain with that VLAN of
// NSM_DEVICE_NAME; without it, upstream's trunk (a sub-interface per client VLAN). VPP unreachable or of another
// version: exit 2 with one line saying so.
return await VlanVppProgram.RunAsync(args, new NsmEnvironment(), Console.Error, CancellationToken.None);
