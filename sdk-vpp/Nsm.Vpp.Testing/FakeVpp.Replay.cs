using System.Buffers.Binary;

namespace Nsm.Vpp.Testing;

public sealed partial class FakeVpp
{
    /// <summary>
    /// Answers every request the recording holds with what the real VPP answered to it, in the recorded order (by request
    /// name; past the recorded answers the last one repeats): each recorded reply goes back with this fake's message id and
    /// the request's context, its other bytes as VPP sent them.
    /// </summary>
    /// <param name="recording">An exchange recorded from a real VPP (<see cref="VppRecorder"/>).</param>
    public void Replay(VppRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        foreach (var (name, answers) in recording.RepliesByRequest())
        {
            if (name is "sockclnt_create" or "sockclnt_delete" or "control_ping" or "memclnt_keepalive_reply" || !HasMessage(name))
            {
                continue;
            }

            IReadOnlyList<VppRecording.Frame> last = [];
            Handle(name, 10, request =>
            {
                lock (answers)
                {
                    if (answers.Count > 0)
                    {
                        last = answers.Dequeue();
                    }
                }

                return last.Select(reply => Patch(reply, request.Context)).ToList();
            });
        }
    }

    private bool HasMessage(string name)
    {
        lock (_lock)
        {
            return _table.ContainsKey(name);
        }
    }

    private byte[] Patch(VppRecording.Frame reply, uint context)
    {
        var body = reply.Body.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(body, IdOf(reply.Name));
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(2), context);
        return body;
    }
}
