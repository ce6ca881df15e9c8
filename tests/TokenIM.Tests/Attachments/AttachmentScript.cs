using System.Net;
using System.Text.Json.Nodes;
using TokenIM.Tests.Support;

namespace TokenIM.Tests.Attachments;

/// <summary>The attachment operations as a client sends them: createUpload, the PUT of the bytes, and sends that carry files.</summary>
public static class AttachmentScript
{
    public const string AttachmentFields = "id fileName contentType size url width height thumbnailUrl";

    public static Task<GraphQLResponse> TryCreateUploadAsync(this SignedIn user, string fileName, string contentType, long size) =>
        user.Client.PostAsync("""
            mutation($input: CreateUploadInput!) { createUpload(input: $input) { attachmentId uploadUrl expiresAt } }
            """, new { input = new { fileName, contentType, size } });

    public static async Task<(string AttachmentId, string UploadUrl)> CreateUploadAsync(this SignedIn user, string fileName, string contentType, long size)
    {
        var payload = (await user.TryCreateUploadAsync(fileName, contentType, size)).Data("createUpload");
        return (payload["attachmentId"]!.GetValue<string>(), payload["uploadUrl"]!.GetValue<string>());
    }

    /// <summary>PUTs <paramref name="body"/> to an upload URL, as a client with no token would (the URL is the authorization).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Json)> PutBodyAsync(this HttpClient http, string uploadUrl, HttpContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(uploadUrl).PathAndQuery) { Content = body };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Json)> PutBodyAsync(this HttpClient http, string uploadUrl, byte[] body) =>
        http.PutBodyAsync(uploadUrl, new ByteArrayContent(body));

    /// <summary>The catalogue code of a refused PUT.</summary>
    public static string? Code(this JsonNode? refusal) => refusal?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    /// <summary>createUpload and its PUT: the id of an attachment stored and ready to send.</summary>
    public static async Task<string> UploadAsync(this SignedIn user, byte[] content, string fileName = "notes.txt", string contentType = "text/plain")
    {
        var (id, url) = await user.CreateUploadAsync(fileName, contentType, content.Length);
        var (status, json) = await user.Client.Http.PutBodyAsync(url, content);
        Assert.True(status == HttpStatusCode.OK, $"PUT answered {(int)status}: {json}");
        return id;
    }

    public static Task<GraphQLResponse> TrySendWithAsync(this SignedIn sender, string conversationId, string body, string[] attachmentIds, string? clientMessageId = null) =>
        sender.Client.PostAsync($$"""
            mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id seq body attachments { {{AttachmentFields}} } } } }
            """, new { input = new { conversationId, body, attachmentIds, clientMessageId } });

    public static async Task<JsonNode> SendWithAsync(this SignedIn sender, string conversationId, string body, params string[] attachmentIds) =>
        (await sender.TrySendWithAsync(conversationId, body, attachmentIds)).Data("sendMessage")["message"]!;

    /// <summary>A message's attachments as <paramref name="reader"/> sees them through <c>node(id:)</c>; null when the message is not theirs to see.</summary>
    public static async Task<JsonArray?> AttachmentsOfAsync(this SignedIn reader, string messageId)
    {
        var response = await reader.Client.PostAsync($$"""query($id: ID!) { node(id: $id) { ... on Message { attachments { {{AttachmentFields}} } } } }""", new { id = messageId });
        Assert.True(response.Json["errors"] is null, response.Body);
        return response.Json["data"]!["node"]?["attachments"]?.AsArray();
    }

    /// <summary>The attachment through <c>node(id:)</c>, or null when the reader may not see it.</summary>
    public static async Task<JsonNode?> AttachmentAsync(this SignedIn reader, string attachmentId)
    {
        var response = await reader.Client.PostAsync($$"""query($id: ID!) { node(id: $id) { ... on Attachment { {{AttachmentFields}} } } }""", new { id = attachmentId });
        Assert.True(response.Json["errors"] is null, response.Body);
        return response.Json["data"]!["node"];
    }

    /// <summary>A file's content from text.</summary>
    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static List<string> Ids(this JsonArray attachments) => [.. attachments.Select(a => a!["id"]!.GetValue<string>())];

    public static string Id(this JsonNode message) => message["id"]!.GetValue<string>();
}
