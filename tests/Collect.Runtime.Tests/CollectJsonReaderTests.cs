using System;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Collect.Runtime.Tests;

/// <summary>
/// The lenient value readers generated code calls: a string or a bare number, an empty (or blank) string
/// as no value, the boolean words Collect! uses, dates and times in the API's formats, and a clear
/// <see cref="JsonException"/> for anything else.
/// </summary>
public sealed class CollectJsonReaderTests
{
    private delegate T Reader<out T>(ref Utf8JsonReader reader);

    // Reads the one value in json with read, and checks the reader was left on that value.
    private static T Read<T>(string json, Reader<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        var value = read(ref reader);
        Assert.False(reader.Read());
        return value;
    }

    private static JsonException Fails<T>(string json, Reader<T> read) =>
        Assert.Throws<JsonException>(() => Read(json, read));

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("\"123\"", 123L)]
    [InlineData("\"-5\"", -5L)]
    [InlineData("\" 42 \"", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    [InlineData("\"\"", null)]
    [InlineData("\"   \"", null)]
    [InlineData("\"\\t\"", null)]
    [InlineData("null", null)]
    public void ReadInt64_takes_strings_and_numbers(string json, long? expected) =>
        Assert.Equal(expected, Read(json, CollectJson.ReadInt64));

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("\"-99999999999999999999999\"")]
    public void ReadInt64_reports_a_value_out_of_range_as_such(string json)
    {
        var error = Fails(json, CollectJson.ReadInt64);
        Assert.Contains("outside the range -9223372036854775808 to 9223372036854775807", error.Message, StringComparison.Ordinal);
        Assert.Contains("64-bit integer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("\"-2147483649\"")]
    public void ReadInt32_reports_a_value_out_of_range_as_such(string json)
    {
        var error = Fails(json, CollectJson.ReadInt32);
        Assert.Contains("outside the range -2147483648 to 2147483647", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1.5\"")]
    [InlineData("1.5")]
    [InlineData("\"12abc\"")]
    [InlineData("\"- 1\"")]
    public void An_integer_that_is_not_one_is_a_clear_error(string json)
    {
        var error = Fails(json, CollectJson.ReadInt64);
        Assert.Contains("as an integer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("range", error.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => Read(json, CollectJson.ReadInt32));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void A_value_of_the_wrong_json_kind_is_a_clear_error(string json)
    {
        var error = Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            CollectJson.ReadInt64(ref reader);
        });
        Assert.Contains("Expected an integer (a JSON string or number)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("\"yes\"", true)]
    [InlineData("\"YES\"", true)]
    [InlineData("\"Yes\"", true)]
    [InlineData("\"y\"", true)]
    [InlineData("\"Y\"", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"True\"", true)]
    [InlineData("\" yes \"", true)]
    [InlineData("\"no\"", false)]
    [InlineData("\"NO\"", false)]
    [InlineData("\"n\"", false)]
    [InlineData("\"N\"", false)]
    [InlineData("\"false\"", false)]
    [InlineData("\"FALSE\"", false)]
    [InlineData("\"\"", null)]
    [InlineData("\"  \"", null)]
    [InlineData("null", null)]
    public void ReadBoolean_takes_the_words_collect_uses(string json, bool? expected) =>
        Assert.Equal(expected, Read(json, CollectJson.ReadBoolean));

    [Theory]
    [InlineData("\"maybe\"")]
    [InlineData("\"2\"")]
    [InlineData("2")]
    [InlineData("\"yes please\"")]
    [InlineData("\"ÿes\"")]
    public void ReadBoolean_refuses_other_words(string json) =>
        Assert.Contains("as a boolean", Fails(json, CollectJson.ReadBoolean).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"13:28:21\"", 13, 28, 21)]
    [InlineData("\"13:28\"", 13, 28, 0)]
    [InlineData("\"9:05\"", 9, 5, 0)]
    [InlineData("\"09:05:07\"", 9, 5, 7)]
    [InlineData("\" 13:28 \"", 13, 28, 0)]
    [InlineData("\"00:00:00\"", 0, 0, 0)]
    [InlineData("\"23:59:59\"", 23, 59, 59)]
    public void ReadTime_takes_HH_mm_ss_and_HH_mm(string json, int hour, int minute, int second) =>
        Assert.Equal(new TimeOnly(hour, minute, second), Read(json, CollectJson.ReadTime));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    public void Blank_times_dates_and_numbers_are_no_value(string json)
    {
        Assert.Null(Read(json, CollectJson.ReadTime));
        Assert.Null(Read(json, CollectJson.ReadDate));
        Assert.Null(Read(json, CollectJson.ReadDateTime));
        Assert.Null(Read(json, CollectJson.ReadInt32));
        Assert.Null(Read(json, CollectJson.ReadDecimal));
        Assert.Null(Read(json, CollectJson.ReadRowId));
    }

    [Theory]
    [InlineData("\"25:00\"")]
    [InlineData("\"13:60\"")]
    [InlineData("\"1pm\"")]
    [InlineData("\"13:28:21.5 PM\"")]
    public void ReadTime_refuses_other_texts(string json) =>
        Assert.Contains("as an HH:mm:ss time", Fails(json, CollectJson.ReadTime).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"2023-01-12 13:28:21\"", 2023, 1, 12, 13, 28, 21)]
    [InlineData("\"2023-01-12T13:28:21\"", 2023, 1, 12, 13, 28, 21)]
    [InlineData("\"2023-01-12 13:28\"", 2023, 1, 12, 13, 28, 0)]
    [InlineData("\"2023-01-12T13:28\"", 2023, 1, 12, 13, 28, 0)]
    [InlineData("\"2023-01-12\"", 2023, 1, 12, 0, 0, 0)]
    [InlineData("\" 2023-01-12 13:28:21 \"", 2023, 1, 12, 13, 28, 21)]
    public void ReadDateTime_takes_the_api_formats(string json, int year, int month, int day, int hour, int minute, int second)
    {
        var value = Read(json, CollectJson.ReadDateTime);
        Assert.Equal(new DateTime(year, month, day, hour, minute, second), value);
        Assert.Equal(DateTimeKind.Unspecified, value!.Value.Kind);
    }

    [Theory]
    [InlineData("\"12/01/2023\"")]
    [InlineData("\"2023-02-30 10:00:00\"")]
    [InlineData("\"2023-01-12 25:00:00\"")]
    [InlineData("20230112")]
    public void ReadDateTime_refuses_other_texts(string json) =>
        Assert.Contains("as a yyyy-MM-dd HH:mm:ss date and time", Fails(json, CollectJson.ReadDateTime).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"2023-01-12\"", 2023, 1, 12)]
    [InlineData("\" 2023-01-12 \"", 2023, 1, 12)]
    [InlineData("\"2024-02-29\"", 2024, 2, 29)]
    public void ReadDate_takes_yyyy_MM_dd(string json, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Read(json, CollectJson.ReadDate));

    [Theory]
    [InlineData("\"2023-02-29\"")]
    [InlineData("\"2023-13-01\"")]
    [InlineData("\"12.01.2023\"")]
    public void ReadDate_refuses_other_texts(string json) =>
        Assert.Contains("as a yyyy-MM-dd date", Fails(json, CollectJson.ReadDate).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("\"12.50\"", "12.50")]
    [InlineData("12.5", "12.5")]
    [InlineData("\"-0.01\"", "-0.01")]
    [InlineData("\"1,234.5\"", "1234.5")]
    [InlineData("\"1e3\"", "1000")]
    public void ReadDecimal_takes_strings_and_numbers(string json, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Read(json, CollectJson.ReadDecimal));

    [Fact]
    public void ReadDecimal_reports_overflow_and_non_numbers_clearly()
    {
        Assert.Contains("outside the range of decimal", Fails("1e400", CollectJson.ReadDecimal).Message, StringComparison.Ordinal);
        Assert.Contains("outside the range of decimal", Fails("\"99999999999999999999999999999999\"", CollectJson.ReadDecimal).Message, StringComparison.Ordinal);
        Assert.Contains("Cannot read 'twelve' as a number.", Fails("\"twelve\"", CollectJson.ReadDecimal).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    [InlineData("\"  \"", "  ")] // text columns keep what they hold; only typed values read blank as none
    [InlineData("\"a\\u00e9\"", "aé")]
    [InlineData("123", "123")]
    [InlineData("12.50", "12.50")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void ReadString_takes_any_scalar_and_an_empty_string_as_no_value(string json, string? expected) =>
        Assert.Equal(expected, Read(json, CollectJson.ReadString));

    [Fact]
    public void Long_texts_read_the_same_as_short_ones()
    {
        // Past the stack buffer (64 characters) the readers take another path; the outcome is the same.
        var padded = new string(' ', 80);
        Assert.Equal(42L, Read($"\"{padded}42{padded}\"", CollectJson.ReadInt64));
        Assert.Null(Read($"\"{padded}\"", CollectJson.ReadTime));
        Assert.Equal(new TimeOnly(13, 28), Read($"\"{padded}13:28{padded}\"", CollectJson.ReadTime));
        Assert.True(Read($"\"{padded}yes{padded}\"", CollectJson.ReadBoolean));
        Assert.Contains("…", Fails($"\"{new string('x', 100)}\"", CollectJson.ReadInt64).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRowId_takes_digits_and_numbers()
    {
        Assert.Equal(new RowId(123), Read("\"123\"", CollectJson.ReadRowId));
        Assert.Equal(new RowId(123), Read("123", CollectJson.ReadRowId));
        Assert.Contains("as a row id", Fails("\"abc\"", CollectJson.ReadRowId).Message, StringComparison.Ordinal);
    }
}
