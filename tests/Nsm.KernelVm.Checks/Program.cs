using Nsm.KernelVm.Checks;

// Usage: dotnet Nsm.KernelVm.Checks.dll [--filter NAME]... [--list] [--timeout SECONDS]
// Meant to run inside the kernel VM (scripts/kernel-vm.sh run -- dotnet .../Nsm.KernelVm.Checks.dll), as root.
var filters = new List<string>();
var timeout = TimeSpan.FromSeconds(60);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--filter" when i + 1 < args.Length:
            filters.Add(args[++i]);
            break;
        case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], out var seconds) && seconds > 0:
            timeout = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--list":
            foreach (var check in CheckRegistry.All)
            {
                Console.WriteLine(check.Name);
            }

            return 0;
        default:
            await Console.Error.WriteLineAsync($"unknown argument {args[i]}; usage: [--filter NAME]... [--list] [--timeout SECONDS]");
            return 2;
    }
}

var runner = new CheckRunner(Console.Out, TimeProvider.System, timeout);
return await runner.RunAsync(CheckFilter.Select(CheckRegistry.All, filters), CancellationToken.None);
