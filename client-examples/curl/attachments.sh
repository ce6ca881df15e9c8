#!/usr/bin/env bash
# Files on messages between alice and bob: createUpload and a PUT of the bytes, a second PUT refused, a send with
# attachmentIds and an empty body, bob's page of history with download URLs (downloaded and compared), uploadFile as a
# GraphQL multipart request, bad input refused with its code, and a recall that takes the files away.
# Usage: client-examples/curl/attachments.sh      (TOKENIM_URL overrides http://localhost:5080/graphql)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
register alice
register bob

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'Minutes of the %s meeting\n- ship attachments\n' "$run_id" >"$work/minutes.txt"
size=$(wc -c <"$work/minutes.txt")

create='mutation($input: CreateUploadInput!) { createUpload(input: $input) { attachmentId uploadUrl expiresAt } }'
gql "$create" "{\"input\":{\"fileName\":\"minutes.txt\",\"contentType\":\"text/plain\",\"size\":$size}}" "$alice_token"
expect "createUpload checks the file and answers with a URL to PUT its bytes to" \
  '.data.createUpload | (.attachmentId | length > 0) and (.uploadUrl | test("^https?://.+/uploads/")) and (.expiresAt | length > 0)'
minutes=$(get .data.createUpload.attachmentId)
upload_url=$(get .data.createUpload.uploadUrl)

# put FILE URL: the second step, a plain PUT of the bytes; the signed URL is the authorization. Sets $response and $status.
put() {
  local out
  echo "-> PUT $2  ($(wc -c <"$1") bytes)"
  out=$(curl -sS -X PUT --data-binary "@$1" -H 'Content-Type: application/octet-stream' "$2" -w '\n%{http_code}')
  status=${out##*$'\n'}
  response=${out%$'\n'*}
  echo "<- $status $response"
}

put "$work/minutes.txt" "$upload_url"
[[ "$status" == 200 ]] || { echo "FAIL the PUT: expected HTTP 200, got $status"; exit 1; }
expect "the PUT of exactly the declared bytes stores the file" ".attachmentId == \"$minutes\" and .size == $size"

put "$work/minutes.txt" "$upload_url"
expect_error "a second PUT to the same URL is refused" CONFLICT 409

send='mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id body conversation { id } attachments { id fileName contentType size } } } }'
gql "$send" "{\"input\":{\"recipientId\":\"$bob_id\",\"body\":\"\",\"attachmentIds\":[\"$minutes\"],\"clientMessageId\":\"curl-$run_id-1\"}}" "$alice_token"
expect "alice sends it to bob; with an attachment the body may be empty" \
  ".data.sendMessage.message | .body == \"\" and .attachments == [{id: \"$minutes\", fileName: \"minutes.txt\", contentType: \"text/plain\", size: $size}]"
message=$(get .data.sendMessage.message.id)
conversation=$(get .data.sendMessage.message.conversation.id)

gql "$send" "{\"input\":{\"recipientId\":\"$bob_id\",\"body\":\"\",\"attachmentIds\":[\"$minutes\"],\"clientMessageId\":\"curl-$run_id-1\"}}" "$alice_token"
expect "a retry with the same clientMessageId returns the same message, the file attached once" \
  ".data.sendMessage.message | .id == \"$message\" and (.attachments | length == 1)"

page='query($c: ID!) { messages(conversationId: $c, last: 10) { nodes { id body attachments { id fileName size url } } } }'
gql "$page" "{\"c\":\"$conversation\"}" "$bob_token"
expect "bob's history shows the file with a short-lived download URL" \
  ".data.messages.nodes[0].attachments[0] | .fileName == \"minutes.txt\" and (.url | test(\"^https?://\"))"
echo "-> GET the url"
curl -sS -o "$work/downloaded.txt" "$(get '.data.messages.nodes[0].attachments[0].url')"
cmp -s "$work/minutes.txt" "$work/downloaded.txt" && echo "ok   the download is byte for byte what alice uploaded" && echo \
  || { echo "FAIL the downloaded file differs"; exit 1; }

# uploadFile: the same in one GraphQL multipart request (what apollo-upload-client sends), with the preflight header.
echo "-> POST $url  (multipart: operations, map, file part 0)"
out=$(curl -sS "$url" -H "Authorization: Bearer $bob_token" -H 'GraphQL-Preflight: 1' \
  -F 'operations={"query":"mutation($file: Upload!) { uploadFile(file: $file) { attachment { id fileName size } } }","variables":{"file":null}}' \
  -F 'map={"0":["variables.file"]}' -F "0=@$work/minutes.txt;type=text/plain;filename=reply.txt" -w '\n%{http_code}')
status=${out##*$'\n'}
response=${out%$'\n'*}
echo "<- $status $response"
expect "bob uploads a file with uploadFile" ".data.uploadFile.attachment | .fileName == \"reply.txt\" and .size == $size"
reply=$(get .data.uploadFile.attachment.id)

gql "$send" "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"mine\",\"attachmentIds\":[\"$minutes\"]}}" "$bob_token"
expect_error "bob cannot send alice's attachment: to him it does not exist" NOT_FOUND

gql "$send" "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"notes back\",\"attachmentIds\":[\"$reply\"]}}" "$bob_token"
expect "bob sends his own" ".data.sendMessage.message.attachments[0].id == \"$reply\""

gql "$create" '{"input":{"fileName":"../../etc/passwd","contentType":"text/plain","size":10}}' "$alice_token"
expect_error "a file name with a path in it is refused" BAD_USER_INPUT
expect "the error names the field" '.errors[0].extensions.field == "input.fileName"'

gql "$create" '{"input":{"fileName":"page.html","contentType":"text/html","size":10}}' "$alice_token"
expect_error "a type the node does not accept is refused" BAD_USER_INPUT

gql "$create" '{"input":{"fileName":"huge.bin","contentType":"application/octet-stream","size":2000000000}}' "$alice_token"
expect_error "a file over the size limit is refused" PAYLOAD_TOO_LARGE
expect "the error gives the limit" '.errors[0].extensions.maxBytes > 0'

gql 'mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { deletedAt attachments { id } } } }' "{\"id\":\"$message\"}" "$alice_token"
expect "alice recalls the message: its files go with it (and leave storage within a minute)" \
  '.data.deleteMessage.message | .deletedAt != null and .attachments == []'
