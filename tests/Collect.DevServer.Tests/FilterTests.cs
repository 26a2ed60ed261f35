using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Collect.Runtime;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>The filter grammar, paging and sorting, with filters formatted by the runtime's own code.</summary>
[Collection(DevServerCollection.Name)]
public sealed class FilterTests(DevServerFixture fixture)
{
    private readonly ApiClient _api = fixture.Api;

    // Rows of one group, so that each test sees only its own.
    private async Task<string> SeedAsync(string group, params (string Name, string Owing, string Dob, string Number)[] rows)
    {
        foreach (var (name, owing, dob, number) in rows)
            await _api.CreateAsync("debtor", new { de_group_id = group, de_name = name, de_owing = owing, de_dob = dob, de_number = number });
        return group;
    }

    private async Task<List<string?>> NamesAsync(string group, string filter)
    {
        var text = (new FilterColumn<string>("de_group_id").Eq(group) & Parse(filter)).ToString();
        var answer = await _api.GetAsync($"api/v1/collect/data/debtor?filter={Uri.EscapeDataString(text)}&sort=de_rowid");
        Assert.True(answer.Status == 200, answer.Text);
        return ApiClient.Column(answer, "de_name");
    }

    // Tests write conditions with the runtime's formatter; this wraps raw text for the & operator.
    private static CollectFilter Parse(string raw) => new(new RawCondition(raw).Condition);

    private sealed class RawCondition(string raw)
    {
        public FilterCondition Condition { get; } = Build(raw);

        private static FilterCondition Build(string raw)
        {
            var equals = raw.IndexOf('=');
            var key = raw[..equals];
            var value = raw[(equals + 1)..];
            foreach (var (suffix, op) in Operators)
                if (key.EndsWith(suffix, StringComparison.Ordinal))
                    return new FilterCondition(key[..^suffix.Length], op, op is FilterOperator.In or FilterOperator.NotIn ? value.Split('|') : [value]);
            return new FilterCondition(key, FilterOperator.Equal, [value]);
        }
    }

    private static readonly (string, FilterOperator)[] Operators =
    [
        ("__nlike", FilterOperator.NotLike), ("__like", FilterOperator.Like), ("__gte", FilterOperator.GreaterThanOrEqual),
        ("__lte", FilterOperator.LessThanOrEqual), ("__nin", FilterOperator.NotIn), ("__ne", FilterOperator.NotEqual),
        ("__gt", FilterOperator.GreaterThan), ("__lt", FilterOperator.LessThan), ("__in", FilterOperator.In),
    ];

    [Fact]
    public async Task NumbersCompareByValueAndEmptyValuesNeverMatchRanges()
    {
        var g = await SeedAsync("num", ("nine", "9", "", ""), ("ten", "10", "", ""), ("hundred", "100.5", "", ""), ("none", "", "", ""), ("minus", "-3", "", ""));

        Assert.Equal(["ten", "hundred"], await NamesAsync(g, "de_owing__gt=9"));
        Assert.Equal(["nine", "ten", "hundred"], await NamesAsync(g, "de_owing__gte=9"));
        Assert.Equal(["nine", "minus"], await NamesAsync(g, "de_owing__lt=10"));
        Assert.Equal(["nine", "ten", "minus"], await NamesAsync(g, "de_owing__lte=10.0"));
        Assert.Equal(["ten"], await NamesAsync(g, "de_owing=10.00"));
        Assert.Equal(["nine", "hundred", "none", "minus"], await NamesAsync(g, "de_owing__ne=10"));
        Assert.Equal(["nine", "hundred"], await NamesAsync(g, "de_owing__in=9|100.5"));
        Assert.Equal(["ten", "none", "minus"], await NamesAsync(g, "de_owing__nin=9|100.5"));
        Assert.Equal(["none"], await NamesAsync(g, "de_owing="));
        Assert.Equal(["nine", "ten", "hundred", "minus"], await NamesAsync(g, "de_owing__ne="));
        Assert.Equal(["nine", "ten", "hundred", "minus"], await NamesAsync(g, "de_owing__gt=-1000"));
        Assert.Equal(["none", "minus", "nine", "ten", "hundred"], await SortedAsync(g, "de_owing"));
        Assert.Equal(["hundred", "ten", "nine", "minus", "none"], await SortedAsync(g, "-de_owing"));
    }

    private async Task<List<string?>> SortedAsync(string group, string sort)
    {
        var filter = Uri.EscapeDataString(new FilterColumn<string>("de_group_id").Eq(group).ToString());
        var answer = await _api.GetAsync($"api/v1/collect/data/debtor?filter={filter}&sort={Uri.EscapeDataString(sort)}");
        return ApiClient.Column(answer, "de_name");
    }

    [Fact]
    public async Task DatesCompareByValue()
    {
        var g = await SeedAsync("dates", ("old", "", "1950-06-01", ""), ("mid", "", "1980-12-31", ""), ("young", "", "2001-01-01", ""), ("unknown", "", "", ""));
        Assert.Equal(["mid", "young"], await NamesAsync(g, "de_dob__gt=1980-01-01"));
        Assert.Equal(["old"], await NamesAsync(g, "de_dob__lt=1980-12-31"));
        Assert.Equal(["mid"], await NamesAsync(g, "de_dob=1980-12-31"));
        Assert.Equal(["old", "mid", "young", "unknown"], await NamesAsync(g, "de_dob__ne=1700-01-01"));
        Assert.Equal(["unknown", "old", "mid", "young"], await SortedAsync(g, "de_dob"));
    }

    [Fact]
    public async Task StringComparisonsAndLikeAreCaseSensitive()
    {
        var g = await SeedAsync("case", ("Smith", "", "", ""), ("smith", "", "", ""), ("Smithers", "", "", ""), ("Jones", "", "", ""));
        Assert.Equal(["Smith"], await NamesAsync(g, "de_name=Smith"));
        Assert.Equal(["Smith", "Smithers"], await NamesAsync(g, "de_name__like=Smith%"));
        Assert.Equal(["smith", "Jones"], await NamesAsync(g, "de_name__nlike=Smith%"));
        Assert.Equal(["Smith", "smith"], await NamesAsync(g, "de_name__like=_mith"));
        Assert.Equal(["Smith", "smith", "Smithers"], await NamesAsync(g, "de_name__like=%mith%"));
        Assert.Equal(["Smith", "smith", "Smithers"], await NamesAsync(g, "de_name__gt=Jones"));
        Assert.Equal(["Jones"], await NamesAsync(g, "de_name__lt=S"));
    }

    public static IEnumerable<object[]> AwkwardValues() => new[]
    {
        "O'Brien, Inc. (east)", " leading space", "trailing space ", "a=b&c=d", "100% sure_thing", "*?[glob]", "#hash/slash?q",
        "Zoë 日本 ✓", "''", "(", ")", ",", "semi;colon -- comment", "back\\slash", "tab\there", "plus+sign",
    }.Select(v => new object[] { v });

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public async Task AwkwardValuesRoundTripThroughTheRuntimesQuoting(string value)
    {
        var group = "awk-" + Guid.NewGuid().ToString("N");
        await SeedAsync(group, (value, "", "", ""), ("decoy", "", "", ""), (value + "x", "", "", ""));

        var name = new FilterColumn<string>("de_name");
        Assert.Equal([value], await FilterAsync(group, name.Eq(value)));
        Assert.Equal([value], await FilterAsync(group, name.In(value, "nothing, really")));
        Assert.Equal(["decoy", value + "x"], await FilterAsync(group, name.Ne(value)));
        Assert.Equal(["decoy", value + "x"], await FilterAsync(group, name.NotIn(value)));
    }

    private async Task<List<string?>> FilterAsync(string group, FilterCondition condition)
    {
        var filter = new FilterColumn<string>("de_group_id").Eq(group) & condition;
        var answer = await _api.GetAsync($"api/v1/collect/data/debtor?filter={Uri.EscapeDataString(filter.ToString())}&sort=de_rowid");
        Assert.True(answer.Status == 200, answer.Text);
        return ApiClient.Column(answer, "de_name");
    }

    [Fact]
    public async Task TheDocsFormListingQueryWorks()
    {
        var answer = await _api.GetAsync("api/v1/collect/data/application_form?filter=af_form_name__nlike='%25:%25',af_form_name__nlike='%23%25'&fields=af_form_name,af_form_fieldname&sort=af_form_name");
        Assert.Equal(200, answer.Status);
        var row = Assert.Single(ApiClient.Rows(answer));
        Assert.Equal("35d01ff2-775d-ccb4-8f53-25d36f517384", row.GetProperty("af_form_fieldname").GetString());
        Assert.Equal(["af_rowid", "af_form_name", "af_form_fieldname"], row.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task PagesAreOneBasedAndCounted()
    {
        var g = await SeedAsync("pages", ("p1", "1", "", ""), ("p2", "2", "", ""), ("p3", "3", "", ""), ("p4", "4", "", ""), ("p5", "5", "", ""));
        var filter = Uri.EscapeDataString(new FilterColumn<string>("de_group_id").Eq(g).ToString());

        var first = await _api.GetAsync($"api/v1/collect/data/debtor?filter={filter}&sort=-de_owing&limit=2&page=1");
        Assert.Equal(5, first.Body.GetProperty("type").GetProperty("numRecords").GetInt64());
        Assert.Equal(3, first.Body.GetProperty("type").GetProperty("numPages").GetInt64());
        Assert.Equal(["p5", "p4"], ApiClient.Column(first, "de_name"));
        var last = await _api.GetAsync($"api/v1/collect/data/debtor?filter={filter}&sort=-de_owing&limit=2&page=3");
        Assert.Equal(["p1"], ApiClient.Column(last, "de_name"));
        var beyond = await _api.GetAsync($"api/v1/collect/data/debtor?filter={filter}&limit=2&page=9");
        Assert.Empty(ApiClient.Rows(beyond));
        var capped = await _api.GetAsync($"api/v1/collect/data/debtor?filter={filter}&limit=1000000");
        Assert.Equal(200, capped.Status);
        Assert.Equal(1, capped.Body.GetProperty("type").GetProperty("numPages").GetInt64());
        var none = await _api.GetAsync($"api/v1/collect/data/debtor?filter=de_group_id=no-such-group");
        Assert.Equal(0, none.Body.GetProperty("type").GetProperty("numPages").GetInt64());
    }

    [Fact]
    public async Task TheDefaultLimitIs100AndTheMaximum1000()
    {
        var tasks = Enumerable.Range(0, 120).Select(i => _api.CreateAsync("cosigner", new { cs_name = "c" + i.ToString(CultureInfo.InvariantCulture), cs_class = "7" }));
        await Task.WhenAll(tasks);
        var page = await _api.GetAsync("api/v1/collect/data/cosigner?filter=cs_class=7");
        Assert.Equal(100, ApiClient.Rows(page).Count());
        Assert.Equal(2, page.Body.GetProperty("type").GetProperty("numPages").GetInt64());
    }

    [Theory]
    [InlineData("filter=de_name")]
    [InlineData("filter=de_name=")]
    [InlineData("filter==x")]
    [InlineData("filter=de_name='unclosed")]
    [InlineData("filter=de_name='a'b")]
    [InlineData("filter=de_name=a'b")]
    [InlineData("filter=de_name=a(b")]
    [InlineData("filter=de_name=a)b")]
    [InlineData("filter=de_name=%20a")]
    [InlineData("filter=de_name=a%20")]
    [InlineData("filter=de_name=a,")]
    [InlineData("filter=,de_name=a")]
    [InlineData("filter=de_name__in=()")]
    [InlineData("filter=de_name__in=(a,)")]
    [InlineData("filter=de_name__in=(a")]
    [InlineData("filter=de_name__in=a")]
    [InlineData("filter=de_name__in=(a)b")]
    [InlineData("filter=de_name__between=a")]
    [InlineData("filter=de_nope=a")]
    [InlineData("filter=de_nope__gt=a")]
    [InlineData("filter=de_owing__gt=ten")]
    [InlineData("filter=de_owing__gt=")]
    [InlineData("filter=de_owing=1e3")]
    [InlineData("filter=de_number__in=(1,two)")]
    [InlineData("filter=de_dob__lt=yesterday")]
    [InlineData("filter=de_dob=2020-13-01")]
    [InlineData("filter=de_rowid=abc")]
    [InlineData("filter=de_name=a&filter=de_name=b")]
    [InlineData("sort=de_name&sort=de_city")]
    [InlineData("fields=de_name&fields=de_city")]
    [InlineData("limit=1&limit=2")]
    [InlineData("page=1&page=2")]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=ten")]
    [InlineData("page=0")]
    [InlineData("page=1.5")]
    [InlineData("sort=-")]
    [InlineData("sort=de_name,")]
    [InlineData("sort=de_nope")]
    [InlineData("fields=de_name,,de_city")]
    public async Task MalformedListParametersAnswer400(string query)
    {
        var answer = await _api.GetAsync("api/v1/collect/data/debtor?" + query);
        Assert.Equal(400, answer.Status);
    }
}
