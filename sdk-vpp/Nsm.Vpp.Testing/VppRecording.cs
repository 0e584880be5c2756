using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Nsm.Vpp.Testing;

/// <summary>
/// An exchange with a real VPP, frame by frame (<see cref="VppRecorder"/> makes one): each frame's direction, message name
/// and body. Saved as text, one frame per line: <c>&gt; name hex</c> for what the client sent, <c>&lt; name hex</c> for
/// what VPP answered. <see cref="FakeVpp.Replay"/> answers a client with it.
/// </summary>
public sealed class VppRecording
{
    /// <summary>One frame.</summary>
    /// <param name="FromClient">Whether the client sent it (else VPP).</param>
    /// <param name="Name">The message name (without its CRC).</param>
    /// <param name="Body">The body, from the message id on.</param>
    public sealed record Frame(bool FromClient, string Name, byte[] Body)
    {
        /// <summary>Gets the context of a request (after <c>client_index</c>) or of a reply (right after the id).</summary>
        public uint Context => FromClient
            ? Body.Length >= 10 ? BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(6)) : 0
            : Body.Length >= 6 ? BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(2)) : 0;
    }

    /// <summary>Initializes a recording of <paramref name="frames"/>.</summary>
    /// <param name="frames">The frames in the order they crossed the socket.</param>
    public VppRecording(IReadOnlyList<Frame> frames) => Frames = frames;

    /// <summary>Gets the frames in the order they crossed the socket.</summary>
    public IReadOnlyList<Frame> Frames { get; }

    /// <summary>Gets the names of the requests the client sent after the handshake, in order (keepalives and pings left out).</summary>
    public IReadOnlyList<string> Requests =>
        [.. Frames.Where(f => f.FromClient && f.Name is not ("sockclnt_create" or "sockclnt_delete" or "memclnt_keepalive_reply" or "control_ping")).Select(f => f.Name)];

    /// <summary>Reads a recording saved by <see cref="Save"/>.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The recording.</returns>
    public static VppRecording Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var frames = new List<Frame>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || parts[0] is not (">" or "<"))
            {
                throw new FormatException($"not a recorded frame: '{line}'");
            }

            frames.Add(new Frame(parts[0] == ">", parts[1], Convert.FromHexString(parts[2])));
        }

        return new VppRecording(frames);
    }

    /// <summary>Writes the recording as text (a header comment, then one frame per line).</summary>
    /// <param name="comment">What was recorded, against which VPP.</param>
    /// <returns>The text.</returns>
    public string Save(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var text = new StringBuilder();
        foreach (var line in comment.Split('\n'))
        {
            text.Append("# ").Append(line).Append('\n');
        }

        foreach (var frame in Frames)
        {
            text.Append(frame.FromClient ? '>' : '<').Append(' ').Append(frame.Name).Append(' ')
                .Append(Convert.ToHexStringLower(frame.Body)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The replies VPP gave to each request, by request name, in order (the frames after a request with its context).</summary>
    internal Dictionary<string, Queue<IReadOnlyList<Frame>>> RepliesByRequest()
    {
        var replies = new Dictionary<string, Queue<IReadOnlyList<Frame>>>(StringComparer.Ordinal);
        for (var i = 0; i < Frames.Count; i++)
        {
            var request = Frames[i];
            if (!request.FromClient)
            {
                continue;
            }

            var answers = Frames.Skip(i + 1).TakeWhile(f => !f.FromClient || f.Context != request.Context)
                .Where(f => !f.FromClient && f.Context == request.Context).ToList();
            if (!replies.TryGetValue(request.Name, out var queue))
            {
                replies[request.Name] = queue = new Queue<IReadOnlyList<Frame>>();
            }

            queue.Enqueue(answers);
        }

        return replies;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Frames.Count} frames");
}
