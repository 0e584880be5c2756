using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>Writes registry records like Go <c>encoding/json</c> on the generated structs (snake_case, omitempty).</summary>
internal static class SpecJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void WriteCrd(Utf8JsonWriter writer, string kind, string name, Action<Utf8JsonWriter> spec)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", CrdEnvelope.ApiVersion);
        writer.WriteString("kind", kind);
        writer.WriteStartObject("metadata");
        writer.WriteString("name", name);
        writer.WriteEndObject();
        writer.WritePropertyName("spec");
        spec(writer);
        writer.WriteEndObject();
    }

    public static void WriteNetworkService(Utf8JsonWriter writer, NetworkService ns)
    {
        writer.WriteStartObject();
        WriteNonEmpty(writer, "name", ns.Name);
        WriteNonEmpty(writer, "payload", ns.Payload);
        if (ns.Matches.Count != 0)
        {
            writer.WriteStartArray("matches");
            foreach (var match in ns.Matches)
            {
                WriteMatch(writer, match);
            }

            writer.WriteEndArray();
        }

        WriteStrings(writer, "path_ids", ns.PathIds);
        writer.WriteEndObject();
    }

    public static void WriteEndpoint(Utf8JsonWriter writer, NetworkServiceEndpoint nse)
    {
        writer.WriteStartObject();
        WriteNonEmpty(writer, "name", nse.Name);
        WriteStrings(writer, "network_service_names", nse.NetworkServiceNames);
        if (nse.NetworkServiceLabels.Count != 0)
        {
            writer.WriteStartObject("network_service_labels");
            foreach (var service in nse.NetworkServiceLabels.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteStartObject(service);
                WriteMap(writer, "labels", nse.NetworkServiceLabels[service]?.Labels);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        WriteNonEmpty(writer, "url", nse.Url);
        WriteTimestamp(writer, "expiration_time", nse.ExpirationTime);
        WriteTimestamp(writer, "initial_registration_time", nse.InitialRegistrationTime);
        WriteStrings(writer, "path_ids", nse.PathIds);
        writer.WriteEndObject();
    }

    private static void WriteMatch(Utf8JsonWriter writer, Match match)
    {
        writer.WriteStartObject();
        WriteMap(writer, "source_selector", match.SourceSelector);
        if (match.Routes.Count != 0)
        {
            writer.WriteStartArray("routes");
            foreach (var route in match.Routes)
            {
                writer.WriteStartObject();
                WriteMap(writer, "destination_selector", route.DestinationSelector);
                if (route.Weight != 0)
                {
                    writer.WriteNumber("weight", route.Weight);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (match.Fallthrough)
        {
            writer.WriteBoolean("fallthrough", true);
        }

        if (match.Metadata is not null)
        {
            writer.WriteStartObject("metadata");
            WriteMap(writer, "labels", match.Metadata.Labels);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteNonEmpty(Utf8JsonWriter writer, string name, string value)
    {
        if (value.Length != 0)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, RepeatedField<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, MapField<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            writer.WriteString(key, map[key]);
        }

        writer.WriteEndObject();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        if (timestamp.Seconds != 0)
        {
            writer.WriteNumber("seconds", timestamp.Seconds);
        }

        if (timestamp.Nanos != 0)
        {
            writer.WriteNumber("nanos", timestamp.Nanos);
        }

        writer.WriteEndObject();
    }
}
