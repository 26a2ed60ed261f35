using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Refit;

namespace Collect.Benchmarks.Inputs;

/// <summary>
/// The <c>debtor</c> row as a plain POCO, typed like the generated <c>Debtor</c> (row ids as
/// <see cref="long"/>), for the hand-written and Refit clients. Values arrive as JSON strings, so
/// the context reads numbers from strings; the one switch column (<c>"1"</c>/<c>"0"</c>) needs
/// <see cref="CollectFlagConverter"/>.
/// </summary>
public sealed class DebtorDto
{
    [JsonPropertyName("de_rowid")] public long? RowId { get; set; }
    [JsonPropertyName("de_rowid_client")] public long? RowIdClient { get; set; }
    [JsonPropertyName("de_number")] public long? Number { get; set; }
    [JsonPropertyName("de_type")] public string? Type { get; set; }
    [JsonPropertyName("de_status")] public string? Status { get; set; }
    [JsonPropertyName("de_active")] public int? Active { get; set; }
    [JsonPropertyName("de_group_id")] public string? GroupId { get; set; }
    [JsonPropertyName("de_name")] public string? Name { get; set; }
    [JsonPropertyName("de_legal_entity")] public int? LegalEntity { get; set; }
    [JsonPropertyName("de_contact")] public string? ContactName { get; set; }
    [JsonPropertyName("de_generation")] public string? Generation { get; set; }
    [JsonPropertyName("de_address")] public string? Address { get; set; }
    [JsonPropertyName("de_street_number")] public string? StreetNumber { get; set; }
    [JsonPropertyName("de_address_ok"), JsonConverter(typeof(CollectFlagConverter))] public bool? AddressOk { get; set; }
    [JsonPropertyName("de_addr_1")] public string? Addr1 { get; set; }
    [JsonPropertyName("de_city")] public string? City { get; set; }
    [JsonPropertyName("de_state")] public string? State { get; set; }
    [JsonPropertyName("de_zip")] public string? Zip { get; set; }
    [JsonPropertyName("de_country")] public string? Country { get; set; }
    [JsonPropertyName("de_timezone")] public int? Timezone { get; set; }
    [JsonPropertyName("de_ssn")] public string? Ssn { get; set; }
    [JsonPropertyName("de_dl")] public string? Dl { get; set; }
    [JsonPropertyName("de_dob")] public DateOnly? Dob { get; set; }
    [JsonPropertyName("de_home_phone")] public string? HomePhone { get; set; }
    [JsonPropertyName("de_home_extension")] public string? HomeExtension { get; set; }
    [JsonPropertyName("de_work_phone")] public string? WorkPhone { get; set; }
    [JsonPropertyName("de_work_extension")] public string? WorkExtension { get; set; }
    [JsonPropertyName("de_cell_phone")] public string? CellPhone { get; set; }
    [JsonPropertyName("de_cell_extension")] public string? CellExtension { get; set; }
    [JsonPropertyName("de_other_phone")] public string? OtherPhone { get; set; }
    [JsonPropertyName("de_other_extension")] public string? OtherExtension { get; set; }
    [JsonPropertyName("de_email")] public string? Email { get; set; }
    [JsonPropertyName("de_poe")] public string? Poe { get; set; }
    [JsonPropertyName("de_user_1")] public string? User1 { get; set; }
    [JsonPropertyName("de_charge_date")] public DateOnly? ChargeDate { get; set; }
    [JsonPropertyName("de_owing")] public decimal? Owing { get; set; }
    [JsonPropertyName("de_paid")] public decimal? Paid { get; set; }
}

/// <summary>The envelope's <c>type</c>.</summary>
public sealed class ResponseType
{
    public string? RecId { get; set; }
    public string? RowId { get; set; }
    public long? NumRecords { get; set; }
    public int? NumPages { get; set; }
}

/// <summary>A one-row answer.</summary>
public sealed class DebtorResponse
{
    public int Status { get; set; }
    public ResponseType? Type { get; set; }
    public DebtorDto? Data { get; set; }
}

/// <summary>A list answer.</summary>
public sealed class DebtorListResponse
{
    public int Status { get; set; }
    public ResponseType? Type { get; set; }
    public List<DebtorDto>? Data { get; set; }
}

/// <summary>A Collect! switch: <c>"1"</c>/<c>"0"</c> (or JSON <c>true</c>/<c>false</c>), read without allocating.</summary>
public sealed class CollectFlagConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.String when reader.ValueTextEquals("1"u8) => true,
        JsonTokenType.String when reader.ValueTextEquals("0"u8) => false,
        JsonTokenType.String when reader.ValueTextEquals(""u8) => null,
        _ => throw new JsonException($"Expected a Collect! switch, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(v ? "1"u8 : "0"u8);
        else writer.WriteNullValue();
    }
}

/// <summary>The one System.Text.Json source-generated context the hand-written client and Refit share.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DebtorResponse))]
[JsonSerializable(typeof(DebtorListResponse))]
public sealed partial class BaselineJson : JsonSerializerContext;

/// <summary>The same two calls as a Refit interface (Refit's source generator implements it).</summary>
public interface IDebtorRefitApi
{
    [Get("/" + CannedDebtors.TablePath + "/{rowId}")]
    Task<DebtorResponse> GetDebtorAsync(long rowId, CancellationToken cancellationToken = default);

    [Get("/" + CannedDebtors.TablePath)]
    Task<DebtorListResponse> ListDebtorsAsync([AliasAs("limit")] int limit, CancellationToken cancellationToken = default);
}
