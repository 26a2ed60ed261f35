using System;
using System.Text;
using System.Text.Json;
using Collect.Runtime.Internal;
using Collect.Runtime.Jobs;
using Xunit;

namespace Collect.Runtime.Tests;

/// <summary>
/// The fixed-shape messages that go through the source-generated <see cref="CollectJsonContext"/>:
/// byte-for-byte the wire format the hand-written writers sent, and the same leniency when reading
/// (string or number, <c>""</c> as no value, unknown members, trailing commas and comments).
/// </summary>
public sealed class FixedMessageJsonTests
{
    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Login_request_is_op_id_then_op_password_without_html_escaping()
    {
        var body = AppJson.Login(new CollectCredentials("OWN", "p+ss\"w<o>r&d'é"));

        Assert.Equal("{\"op_id\":\"OWN\",\"op_password\":\"p+ss\\\"w<o>r&d'é\"}", Text(body));
    }

    [Fact]
    public void Refresh_request_is_refresh_token()
    {
        Assert.Equal("{\"refresh_token\":\"r/1+2\"}", Text(AppJson.Refresh("r/1+2")));
    }

    [Fact]
    public void Report_request_sends_row_ids_as_strings_and_leaves_out_missing_members()
    {
        var full = AppJson.Report(new CollectReportRequest
        {
            Report = "Debtor Summary",
            Script = "s.rpt",
            StartOn = "debtor",
            RowIds = [new RowId(12), new RowId(345)],
            Destinations = ["svg", "csv"],
            ShowMargins = false,
        }, "sock-1");
        var bare = AppJson.Report(new CollectReportRequest(), null);

        Assert.Equal(
            "{\"report\":\"Debtor Summary\",\"script\":\"s.rpt\",\"starton\":\"debtor\",\"rowid\":[\"12\",\"345\"],\"websocket-id\":\"sock-1\",\"destination\":\"svg,csv\",\"showmargins\":false}",
            Text(full));
        Assert.Equal("{\"rowid\":[]}", Text(bare));
    }

    [Fact]
    public void Run_plan_and_upload_bodies_name_the_record_type()
    {
        Assert.Equal("{\"plan\":\"REV\",\"debtor\":123,\"websocket-id\":\"s\"}", Text(AppJson.RunPlan("REV", "debtor", new RowId(123), "s")));
        Assert.Equal("{\"debtor\":9,\"overwrite\":\"inc\"}", Text(AppJson.Upload("debtor", new RowId(9), CollectOverwrite.Increment)));
    }

    [Fact]
    public void Socket_answers_keep_their_shape()
    {
        Assert.Equal("{\"jobid\":\"42\",\"button\":1}", Text(AnswerWriter.Button("42", 1)));
        Assert.Equal("{\"jobid\":\"42\",\"button\":0,\"data\":{\"value\":\"Bientôt \\\"là\\\" <b>\"}}", Text(AnswerWriter.Value("42", 0, "Bientôt \"là\" <b>")));
        Assert.Equal("{\"jobid\":\"42\",\"button\":0,\"data\":{\"value\":\"2026-01-02\"}}", Text(AnswerWriter.Value("42", 0, AnswerWriter.Date(new DateOnly(2026, 1, 2)))));
    }

    [Fact]
    public void Login_answer_is_read_leniently_from_result_or_the_top_level()
    {
        var answer = AppJson.ReadLogin(Utf8("""
            {
              // comments and trailing commas, as the vendor's examples have them
              "status": "200",
              "message": {"not": "a string"},
              "result": {
                "access_token": 12345,
                "refresh_token": "",
                "nx_operator": {"op_rowid": "7", "op_id": "OWN", "op_level": "99", "op_function": 3, "op_extra": [1, 2],},
                "unknown": {"x": [1]},
              },
              "extra": true,
            }
            """), out var envelope);

        Assert.NotNull(answer);
        Assert.Equal(200, envelope.Status);
        Assert.Null(envelope.Message);
        Assert.Null(envelope.Problem);
        Assert.Equal("12345", answer.AccessToken);
        Assert.Null(answer.RefreshToken);
        Assert.Equal(new RowId(7), answer.Operator!.RowId);
        Assert.Equal("OWN", answer.Operator.Id);
        Assert.Equal(99, answer.Operator.Level);
        Assert.Equal(3, answer.Operator.Function);

        var top = AppJson.ReadLogin(Utf8("{\"access_token\":\"a\",\"refresh_token\":\"r\",\"result\":\"not an object\",\"nx_operator\":null}"), out envelope);
        Assert.Equal("a", top!.AccessToken);
        Assert.Equal("r", top.RefreshToken);
        Assert.Null(top.Operator);
        Assert.Null(envelope.Status);
    }

    [Fact]
    public void Login_answer_without_a_token_or_with_a_bad_operator_is_reported()
    {
        Assert.Null(AppJson.ReadLogin(Utf8("{\"status\":401,\"message\":\"Bad password\"}"), out var envelope));
        Assert.Equal(401, envelope.Status);
        Assert.Equal("Bad password", envelope.Message);
        Assert.Equal("it holds no access_token", envelope.Problem);

        Assert.ThrowsAny<JsonException>(() => AppJson.ReadLogin(Utf8("{\"access_token\":\"a\",\"nx_operator\":[1]}"), out _));
        Assert.ThrowsAny<JsonException>(() => AppJson.ReadLogin(Utf8("{\"access_token\":{}}"), out _));
        Assert.ThrowsAny<JsonException>(() => AppJson.ReadLogin(Utf8("null"), out _));
        Assert.ThrowsAny<JsonException>(() => AppJson.ReadLogin(Utf8("{\"access_token\":\"a\"} x"), out _));
        Assert.ThrowsAny<JsonException>(() => AppJson.ReadLogin(Utf8(""), out _));
    }

    [Fact]
    public void Operator_keeps_its_whole_record_text()
    {
        const string record = "{ \"op_id\": \"OWN\", \"op_name\": \"Owner\",\n  \"op_custom\": \"é\" }";
        var answer = AppJson.ReadLogin(Utf8("{\"access_token\":\"a\",\"nx_operator\":" + record + "}"), out _);

        // The exact text, which CollectOperator.Read<T>() hands to a generated record reader.
        var read = typeof(CollectOperator).GetField("_json", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(answer!.Operator);
        Assert.Equal(record, Encoding.UTF8.GetString((byte[])read!));
        Assert.Equal("Owner", answer.Operator!.Name);
    }

    [Theory]
    [InlineData("{\"status\":404,\"message\":\"No such plan\"}", 404, "No such plan")]
    [InlineData("{\"status\":\"409\",\"message\":\"Conflict\",\"data\":[1,2],\"type\":{\"numRecords\":3}}", 409, "Conflict")]
    [InlineData("{\"message\":12,\"status\":null}", null, null)]
    [InlineData("{\"status\":\" 500 \",\"message\":\"\",}", 500, "")]
    [InlineData("{\"status\":400.0}", 400, null)]
    public void Error_body_is_read_leniently(string json, int? status, string? message)
    {
        Assert.True(CollectEnvelope.TryReadError(Utf8(json), out var envelope));
        Assert.Equal(status, envelope.Status);
        Assert.Equal(message, envelope.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{\"status\":404,\"message\":\"cut")]
    [InlineData("{\"status\":\"abc\"}")]
    [InlineData("{\"status\":99999999999}")]
    [InlineData("{\"status\":404} trailing")]
    public void Error_body_that_is_not_the_APIs_JSON_is_refused(string json)
    {
        Assert.False(CollectEnvelope.TryReadError(Utf8(json), out _));
    }

    [Fact]
    public void Upload_answer_is_read_leniently()
    {
        var result = AppJson.ReadUpload(Utf8("{\"status\":200,\"result\":{\"recordType\":\"debtor\",\"fileName\":\"a (1).pdf\",\"fileNumber\":2,\"other\":{}}}"), out var envelope);
        Assert.Equal(new CollectUploadResult("debtor", "a (1).pdf", "2"), result);
        Assert.Equal(200, envelope.Status);

        Assert.Null(AppJson.ReadUpload(Utf8("{\"recordType\":\"debtor\",\"fileName\":\"\"}"), out envelope));
        Assert.Equal("it holds no \"fileName\"", envelope.Problem);
    }

    [Fact]
    public void Socket_messages_are_read_leniently()
    {
        var key = SocketMessage.Parse(Utf8("{\"type\":\"key\",\"message\":\"abc-123\"}"));
        Assert.True(key.IsType("key"));
        Assert.Equal("abc-123", key.Message);

        var start = SocketMessage.Parse(Utf8("{\"websocket-id\":\"abc\",\"jobid\":17,\"type\":\"START\",\"unknown\":[{}],}"));
        Assert.True(start.IsType("start"));
        Assert.Equal("17", start.JobId);
        Assert.Equal("abc", start.SocketId);

        var prompt = SocketMessage.Parse(Utf8("{\"type\":\"prompt\",\"subtype\":\"button\",\"jobid\":\"9\",\"message\":true,\"buttons\":[\"Yes\",2,null,{}],\"formid\":{\"x\":1}}"));
        Assert.Equal("button", prompt.Subtype);
        Assert.Equal("true", prompt.Message);
        Assert.Equal(["Yes", "2", "", ""], prompt.Buttons);
        Assert.Null(prompt.FormId);
        Assert.True(prompt.Data.IsEmpty);

        Assert.Equal(["OK"], SocketMessage.Parse(Utf8("{\"buttons\":\"OK\"}")).Buttons);
        Assert.Null(SocketMessage.Parse(Utf8("{\"buttons\":null}")).Buttons);

        const string data = "{ \"value\": \"2026-01-02\",\n \"co_priority\": 25 }";
        var form = SocketMessage.Parse(Utf8("{\"type\":\"prompt\",\"data\":" + data + "} trailing text is ignored"));
        Assert.Equal(data, Text(form.Data));
        Assert.Equal("2026-01-02", form.DataValue());
        Assert.Equal("null", Text(SocketMessage.Parse(Utf8("{\"data\":null}")).Data));

        var end = SocketMessage.Parse(Utf8("{\"type\":\"end\"}"));
        Assert.True(end.IsType("end"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[{\"type\":\"key\"}]")]
    [InlineData("\"key\"")]
    [InlineData("{\"type\":\"key\"")]
    [InlineData("not json")]
    public void Socket_message_that_is_not_an_object_throws_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => SocketMessage.Parse(Utf8(json)));
    }
}
