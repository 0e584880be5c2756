using Grpc.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// A stream writer that never changes the messages it is given and keeps them no longer than its
/// <see cref="IAsyncStreamWriter{T}.WriteAsync(T)"/> runs (it serializes them), so a store may write its own stored
/// records into it without copying them first.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
internal interface IMessageSafeStreamWriter<in T> : IAsyncStreamWriter<T>;
