using System.CommandLine;
using Nsm.Cmd.Nsmctl.Cli;

// nsmctl: the user's Kubernetes YAML, run on one machine (see README "nsmctl"), with kubectl's verbs.
var root = new RootCommand("nsmctl: run Network Service Mesh manifests on this machine, kubectl-style")
{
    GlobalOptions.State,
    GlobalOptions.Programs,
    UpCommand.Create(),
    DownCommand.Create(),
    ApplyCommand.Create(),
    DeleteCommand.Create(),
    GetCommand.Create(),
    DescribeCommand.Create(),
    ExecCommand.Create(),
    LogsCommand.Create(),
    WaitCommand.Create(),
    LabelCommand.Create(),
    ConnectionsCommand.Create(),
    ExplainCommand.Create(),
    SvidCommand.Create(),
    SuperviseCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
