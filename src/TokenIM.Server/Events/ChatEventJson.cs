using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TokenIM.Server.Events;

/// <summary>An event type and the name it travels under between nodes (the JSON's <c>type</c>).</summary>
public sealed record ChatEventName(Type Type, string Name);

/// <summary>
/// How events travel between nodes: JSON whose <c>type</c> names the event. The bus knows no event; each
/// feature registers the ones it publishes (<see cref="ChatEventRegistration.AddChatEvent{TEvent}"/>). A name is
/// part of the wire: renaming one makes nodes of the previous version drop the event, so names stay.
/// </summary>
public sealed class ChatEventJson
{
    private readonly JsonSerializerOptions _options;

    public ChatEventJson(IEnumerable<ChatEventName> names)
    {
        var registered = names.ToList();
        var duplicate = registered.GroupBy(n => n.Name).FirstOrDefault(g => g.Select(n => n.Type).Distinct().Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two event types travel as \"{duplicate.Key}\".");

        var polymorphism = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var name in registered.DistinctBy(n => n.Type)) polymorphism.DerivedTypes.Add(new JsonDerivedType(name.Type, name.Name));
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type == typeof(ChatEvent)) info.PolymorphismOptions = polymorphism;
        });
        _options = new JsonSerializerOptions { TypeInfoResolver = resolver };
    }

    public byte[] Serialize(ChatEvent chatEvent) => JsonSerializer.SerializeToUtf8Bytes(chatEvent, _options);

    /// <summary>The event, or null when the JSON is not one this node knows (an unknown name, a broken payload).</summary>
    public ChatEvent? Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<ChatEvent>(json, _options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }
}

public static class ChatEventRegistration
{
    /// <summary>Lets <typeparamref name="TEvent"/> travel between nodes as <paramref name="name"/>.</summary>
    public static IServiceCollection AddChatEvent<TEvent>(this IServiceCollection services, string name) where TEvent : ChatEvent =>
        services.AddSingleton(new ChatEventName(typeof(TEvent), name));
}
