using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenIM.Server.Users;

/// <summary>
/// A user in an event that travels between nodes: only the public profile (<see cref="User.PublicProfile"/>),
/// so no hash or normalized name ever leaves the database through the bus.
/// </summary>
public sealed class PublicProfileJsonConverter : JsonConverter<User>
{
    public override User Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var profile = JsonSerializer.Deserialize<Profile>(ref reader, options) ?? throw new JsonException("A user must be an object.");
        return User.PublicProfile(profile.Id, profile.Username, profile.DisplayName ?? "", profile.AvatarUrl, profile.CreatedAt, profile.DeletedAt, profile.LastSeenAt);
    }

    public override void Write(Utf8JsonWriter writer, User value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Profile(value.Id, value.Username, value.DisplayName, value.AvatarUrl, value.CreatedAt, value.DeletedAt, value.LastSeenAt), options);

    private sealed record Profile(long Id, string? Username, string? DisplayName, string? AvatarUrl, DateTime CreatedAt, DateTime? DeletedAt, DateTime? LastSeenAt);
}
