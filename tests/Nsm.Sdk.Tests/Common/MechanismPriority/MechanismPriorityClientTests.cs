using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.MechanismPriority;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.MechanismPriority;

public class MechanismPriorityClientTests
{
    [Fact]
    public async Task Listed_types_first_in_list_order_others_keep_relative_order()
    {
        var request = TestExtensions.Request();
        foreach (var (type, tag) in new[] { ("A", "1"), ("VXLAN", "1"), ("B", "1"), ("KERNEL", "1"), ("VXLAN", "2"), ("C", "1") })
        {
            request.MechanismPreferences.Add(new Mechanism { Type = type, Parameters = { ["tag"] = tag } });
        }

        await new MechanismPriorityClient("kernel", "VXLAN").RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(
            ["KERNEL1", "VXLAN1", "VXLAN2", "A1", "B1", "C1"],
            request.MechanismPreferences.Select(m => m.Type + m.Parameters["tag"]));
    }
}
