using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Collect.Codegen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// Schema files written to break naming: keywords, leading digits, non-ASCII and symbol names,
/// names that collide after PascalCasing or with generated members and types, forms without a
/// table, colliding codes and buttons, and a 300-column table of every column type.
/// </summary>
public static class StressSchemas
{
    /// <summary>The column types of the schema format, in the order the wide table cycles through them.</summary>
    public static readonly string[] ColumnTypes = { "string", "int", "long", "decimal", "money", "bool", "date", "time", "datetime", "rowid", "flags", "file" };

    /// <summary>Number of columns of the wide table.</summary>
    public const int WideColumnCount = 300;

    /// <summary>Every stress file, by path.</summary>
    public static IReadOnlyList<AdditionalText> All { get; } = new[]
    {
        Table("keywords", """
            { "table": "keywords", "rowId": "kw_rowid", "fields": [
              { "name": "kw_rowid", "type": "rowid" },
              { "name": "class", "type": "string" },
              { "name": "int", "type": "int", "property": "int" },
              { "name": "namespace", "type": "string", "property": "namespace" },
              { "name": "kw_class", "type": "string", "property": "class" },
              { "name": "kw_event", "type": "datetime", "property": "event" },
              { "name": "kw_static", "type": "bool" },
              { "name": "1st_call", "type": "date" },
              { "name": "2nd", "type": "time" },
              { "name": "kw_3", "type": "int" },
              { "name": "prénom", "type": "string" },
              { "name": "straße", "type": "string" },
              { "name": "日付", "type": "date" },
              { "name": "kw_😀", "type": "string" },
              { "name": "kw_mood_😀", "type": "string" },
              { "name": "kw_due-date", "type": "date" },
              { "name": "kw_a.b c", "type": "string" },
              { "name": "kw_quote\"back\\slash", "type": "string", "description": "A <tricky> & \"quoted\"\ndescription." },
              { "name": "kw_writer", "type": "string", "property": "writer" },
              { "name": "kw_value", "type": "string", "property": "value" },
              { "name": "kw_baseline", "type": "string" },
              { "name": "kw_reader", "type": "string", "property": "reader" },
              { "name": "kw_column_index", "type": "string", "property": "__columnIndex" },
              { "name": "kw_v0", "type": "string", "property": "v0" },
              { "name": "kw_all", "type": "string", "property": "all" },
              { "name": "kw_global", "type": "string", "property": "global" },
              { "name": "kw_system", "type": "string", "property": "System" },
              { "name": "kw_collect", "type": "string", "property": "Collect" },
              { "name": "kw_required", "type": "string", "required": true },
              { "name": "kw_required_int", "type": "int", "required": true },
              { "name": "kw_required_rowid", "type": "rowid", "required": true }
            ] }
            """),
        Table("contact", """
            { "table": "contact", "rowId": "co_rowid", "fields": [
              { "name": "co_rowid", "type": "rowid" },
              { "name": "co_first_name", "type": "string" },
              { "name": "co_first__name", "type": "string" },
              { "name": "co_FirstName", "type": "string" },
              { "name": "co_columns", "type": "string" },
              { "name": "co_filter", "type": "string" },
              { "name": "co_sort", "type": "string" },
              { "name": "co_equals", "type": "string" },
              { "name": "co_to_string", "type": "string" },
              { "name": "co_get_hash_code", "type": "string" },
              { "name": "co_get_type", "type": "string" },
              { "name": "co_equality_contract", "type": "string" },
              { "name": "co_deconstruct", "type": "string" },
              { "name": "co_print_members", "type": "string" },
              { "name": "co_contact", "type": "string" },
              { "name": "co_form_id", "type": "string" },
              { "name": "co_buttons", "type": "string" },
              { "name": "co_other_values", "type": "string" },
              { "name": "co_write_data", "type": "string" },
              { "name": "co_record_row_id", "type": "rowid" },
              { "name": "co_table_name", "type": "string" },
              { "name": "co_row_id_column", "type": "string" },
              { "name": "co_read_json", "type": "string" },
              { "name": "co_write_columns", "type": "string" },
              { "name": "co_", "type": "string" },
              { "name": "co_status", "type": "string", "values": [
                { "value": "O", "name": "Open" },
                { "value": "o", "name": "open" },
                { "value": "1", "name": "1 day" },
                { "value": "C", "name": "class" },
                { "value": "SV", "name": "Status Values" },
                { "value": "\"q\"", "name": "Quote \"it\"", "description": "A code with quotes & <angles>." },
                { "value": 7, "name": "Seven" }
              ] },
              { "name": "co_status_values", "type": "string" },
              { "name": "co_kind", "type": "string", "values": [ { "value": "K", "name": "Kind Values" }, { "value": "L", "name": "Kind Values Codes" } ] },
              { "name": "co_type", "type": "int", "values": [ { "value": "5", "name": "Review" }, { "value": "6", "name": "Type" } ] }
            ] }
            """),
        Table("collect_db", """{ "table": "collect_db", "rowId": "cd_rowid", "fields": [ { "name": "cd_rowid", "type": "rowid" } ] }"""),
        Table("columns", """{ "table": "columns", "rowId": "cn_rowid", "fields": [ { "name": "cn_rowid", "type": "rowid" } ] }"""),
        Table("column_set", """{ "table": "column_set", "rowId": "cx_rowid", "typeName": "Columns", "fields": [ { "name": "cx_rowid", "type": "rowid" } ] }"""),
        Table("filter", """{ "table": "filter", "rowId": "fi_rowid", "fields": [ { "name": "fi_rowid", "type": "rowid" }, { "name": "fi_filter", "type": "string" } ] }"""),
        Table("sort", """{ "table": "sort", "rowId": "so_rowid", "fields": [ { "name": "so_rowid", "type": "rowid" } ] }"""),
        Table("contact_repository", """{ "table": "contact_repository", "rowId": "cr_rowid", "fields": [ { "name": "cr_rowid", "type": "rowid" }, { "name": "cr_rowid_contact", "type": "rowid", "references": "contact" } ] }"""),
        Table("contact_form", """{ "table": "contact_form", "rowId": "cf_rowid", "fields": [ { "name": "cf_rowid", "type": "rowid" } ] }"""),
        Table("form", """{ "table": "form", "rowId": "fo_rowid", "fields": [ { "name": "fo_rowid", "type": "rowid" } ] }"""),
        Table("api", """{ "table": "api", "rowId": "ap_rowid", "fields": [ { "name": "ap_rowid", "type": "rowid" } ] }"""),
        Table("collect", """{ "table": "collect", "rowId": "cl_rowid", "fields": [ { "name": "cl_rowid", "type": "rowid" }, { "name": "cl_rowid_api", "type": "rowid", "references": "api" } ] }"""),
        Table("system", """{ "table": "system", "rowId": "sy_rowid", "fields": [ { "name": "sy_rowid", "type": "rowid" }, { "name": "sy_rowid_collect", "type": "rowid", "references": "collect" } ] }"""),
        Table("consumer", """{ "table": "consumer", "rowId": "cu_rowid", "fields": [ { "name": "cu_rowid", "type": "rowid" } ] }"""),
        Table("1st_table", """{ "table": "1st_table", "rowId": "ft_rowid", "fields": [ { "name": "ft_rowid", "type": "rowid" } ] }"""),
        Table("données", """{ "table": "données", "rowId": "do_rowid", "fields": [ { "name": "do_rowid", "type": "rowid" }, { "name": "do_rowid_1st", "type": "rowid", "references": "1st_table" } ] }"""),
        Table("no_prefix", """{ "table": "no_prefix", "rowId": "rowid", "fields": [ { "name": "rowid", "type": "rowid" }, { "name": "name", "type": "string" } ] }"""),
        Table("wide", WideTable()),
        Form("contact", """
            { "formId": "11111111-0000-0000-0000-000000000001", "name": "Contact", "table": "contact",
              "fields": [ "co_first_name", "co_first__name", "co_form_id", "co_buttons", "co_other_values", "co_write_data", "co_contact", "co_status", "co_type" ],
              "buttons": [ { "name": "Ok", "value": 1 }, { "name": "ok", "value": 2 }, { "name": "Buttons", "value": 3 }, { "name": "Save & Close", "value": 4 }, { "name": "1st", "value": 5 } ] }
            """),
        Form("survey", """
            { "formId": "11111111-0000-0000-0000-000000000002", "name": "survey", "description": "A form without a table.",
              "fields": [
                { "name": "sv_answer", "type": "string", "required": true },
                { "name": "sv_score", "type": "int" },
                { "name": "sv_when", "type": "datetime" },
                { "name": "sv_writer", "type": "string", "property": "writer" },
                { "name": "sv_others", "type": "string", "property": "others" },
                { "name": "sv_form_id", "type": "string" },
                { "name": "sv_buttons", "type": "string" },
                { "name": "sv_survey_form", "type": "string" },
                { "name": "sv_class", "type": "string", "property": "class" },
                { "name": "sv_mood", "type": "string", "values": [ { "value": "1", "name": "Happy" }, { "value": "2", "name": "happy" } ] }
              ],
              "buttons": [ { "name": "Submit", "value": 10 } ] }
            """),
        Form("empty", """
            { "formId": "11111111-0000-0000-0000-000000000003", "name": "Just buttons", "buttons": [ { "name": "Close", "value": 0 } ] }
            """),
    };

    /// <summary>
    /// The warnings the stress set must give, as <c>id file name-used</c>: CCG012 for a name that is
    /// not a valid identifier, CCG013 for a name taken by another or by a generated member. Nothing else.
    /// </summary>
    public static readonly string[] ExpectedWarnings =
    {
        // Keywords given as explicit property names, leading digits, a name with no letters left.
        "CCG012 keywords.table.json @int",
        "CCG012 keywords.table.json @namespace",
        "CCG012 keywords.table.json @class",
        "CCG012 keywords.table.json @event",
        "CCG012 keywords.table.json _1stCall",
        "CCG012 keywords.table.json _2nd",
        "CCG012 keywords.table.json _3",
        "CCG012 keywords.table.json Column14",
        "CCG013 keywords.table.json __columnIndexColumn",
        // Collisions after PascalCasing, and with members every record has.
        "CCG013 contact.table.json FirstName2",
        "CCG013 contact.table.json FirstName3",
        "CCG013 contact.table.json ColumnsColumn",
        "CCG013 contact.table.json FilterColumn",
        "CCG013 contact.table.json SortColumn",
        "CCG013 contact.table.json EqualsColumn",
        "CCG013 contact.table.json ToStringColumn",
        "CCG013 contact.table.json GetHashCodeColumn",
        "CCG013 contact.table.json GetTypeColumn",
        "CCG013 contact.table.json EqualityContractColumn",
        "CCG013 contact.table.json DeconstructColumn",
        "CCG013 contact.table.json PrintMembersColumn",
        "CCG013 contact.table.json ContactColumn",
        "CCG012 contact.table.json Column25",
        // Codes: two names equal after PascalCasing, a leading digit, classes named like a property or a code.
        "CCG013 contact.table.json Open2",
        "CCG012 contact.table.json _1Day",
        "CCG013 contact.table.json StatusValuesCodes",
        "CCG013 contact.table.json KindValuesCodes2",
        "CCG013 filter.table.json FilterColumn",
        // Types named like the entry point, a nested class or another table's repository.
        "CCG012 1st_table.table.json _1stTable",
        "CCG013 collect_db.table.json CollectDbRecord",
        "CCG013 column_set.table.json ColumnsRecord",
        "CCG013 contact_repository.table.json ContactRepositoryRecord",
        "CCG013 filter.table.json FilterRecord",
        "CCG013 sort.table.json SortRecord",
        "CCG013 form.table.json FormsTable",
        // Forms: buttons, form members, a class name taken by a table's type.
        "CCG013 contact.form.json Ok2",
        "CCG013 contact.form.json Buttons2",
        "CCG012 contact.form.json _1st",
        "CCG013 contact.form.json FormIdColumn",
        "CCG013 contact.form.json ButtonsColumn",
        "CCG013 contact.form.json OtherValuesColumn",
        "CCG013 contact.form.json WriteDataColumn",
        "CCG013 contact.form.json ContactForm2",
        "CCG013 survey.form.json FormIdColumn",
        "CCG013 survey.form.json ButtonsColumn",
        "CCG013 survey.form.json SurveyFormColumn",
        "CCG012 survey.form.json @class",
        "CCG013 survey.form.json Happy2",
    };

    private static AdditionalText Table(string name, string json) =>
        new InMemoryAdditionalText($"/stress/tables/{name}.table.json", json);

    private static AdditionalText Form(string name, string json) =>
        new InMemoryAdditionalText($"/stress/forms/{name}.form.json", json);

    // 300 columns cycling through every type, with every option somewhere.
    private static string WideTable()
    {
        var json = new StringBuilder("""{ "table": "wide", "rowId": "wd_rowid", "description": "Every column type, 25 times.", "fields": [ { "name": "wd_rowid", "type": "rowid", "readOnly": true }""");
        for (var i = 1; i < WideColumnCount; i++)
        {
            var type = ColumnTypes[i % ColumnTypes.Length];
            var column = string.Create(CultureInfo.InvariantCulture, $"wd_{type}_{i:000}");
            json.Append(CultureInfo.InvariantCulture, $$"""
                , { "name": "{{column}}", "type": "{{type}}"
                """);
            if (i % 7 == 0) json.Append(""", "required": true""");
            if (i % 5 == 0) json.Append(""", "readOnly": true""");
            if (type is "string" or "file") json.Append(""", "maxLength": 40""");
            if (type == "rowid" && i % 2 == 1) json.Append(""", "references": "wide" """);
            if (type == "string" && i % 3 == 0) json.Append(""", "values": [ { "value": "A", "name": "Alpha" }, { "value": "B", "name": "Beta" } ]""");
            json.Append(" }");
        }
        return json.Append(" ] }").ToString();
    }
}
