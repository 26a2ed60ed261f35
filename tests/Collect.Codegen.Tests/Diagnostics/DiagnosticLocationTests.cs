using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Collect.Codegen.Tests.Diagnostics.SchemaFiles;

namespace Collect.Codegen.Tests.Diagnostics;

/// <summary>
/// One scenario per catalogue entry the generator can produce: the diagnostic sits exactly on the
/// offending JSON (location markup <c>{|#0:...|}</c> in the files), carries its arguments, the
/// broken file generates nothing (warnings excepted) and the valid files next to it still generate.
/// </summary>
public class DiagnosticLocationTests
{
    private const string TablePath = "/schemas/contact.table.json";

    // ---- CCG001 malformed JSON: an empty span where the reader stopped ----

    [Fact]
    public Task TrailingGarbageIsMalformedJsonAtTheGarbage() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            {|#0:|}x
            """)
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("CollectDb.g.cs", "\"contact\"", present: false)
        .RunAsync();

    [Fact]
    public Task UnterminatedStringIsMalformedJsonAtTheLineBreak() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact{|#0:|}
              "rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs", "ContactRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task StringUnterminatedAtEndOfFileIsMalformedJsonAtTheEnd() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, "{\n  \"table\": \"contact{|#0:|}")
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingCommaIsMalformedJsonAtTheNextProperty() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact"
              {|#0:|}"rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs", "ContactRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task MalformedJsonAfterAByteOrderMarkIsLocatedOnTheFirstLine() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, "\uFEFF{ \"table\": \"contact\" {|#0:|}x }")
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public void ParserCountsTheByteOrderMarkInFirstLineColumns()
    {
        const string text = "\uFEFF{ \"table\": \"contact\" x }";
        var file = Collect.Codegen.Parsing.SchemaParser.Parse(TablePath, text);

        var error = Assert.Single(file.Diagnostics);
        Assert.Equal("CCG001", error.Id);
        Assert.Equal((0, text.IndexOf('x'), text.IndexOf('x')), (error.Location.StartLine, error.Location.StartColumn, error.Location.Start));
    }

    [Fact]
    public Task EmptyFileIsMalformedJsonAtItsStart() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, "")
        .Expect(Ccg.Error("CCG001").At(TablePath, 1, 1).WithArguments("the file is empty"))
        .Generates(DebtorFiles)
        .RunAsync();

    [Fact]
    public Task LoneSurrogateEscapeIsMalformedJsonAtTheString() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": {|#0:|}"contact\ud800",
              "rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG001").WithLocation(0))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task NestingDeeperThanTheLimitIsMalformedJson() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, "{\n  \"fields\": " + new string('[', 70) + new string(']', 70) + "\n}")
        .Expect(Ccg.Error("CCG001").At(TablePath, 2, 76))
        .Generates(DebtorFiles)
        .RunAsync();

    // ---- CCG002 missing required property: on the owning object's opening brace ----

    [Fact]
    public Task MissingTableIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 1, 1).WithArguments("table", "the table file"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs", "ContactRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingRowIdIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 1, 1).WithArguments("rowId", "the table file"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingFieldsIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
              {
                "table": "contact",
                "rowId": "co_rowid"
              }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 1, 3).WithArguments("fields", "the table file"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingFieldNameIsReportedOnTheFieldsBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "type": "string" }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 6, 5).WithArguments("name", "the field"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingFieldTypeIsReportedOnTheFieldsBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                    { "name": "co_note" }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 6, 9).WithArguments("type", "the field"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingFormIdIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(FormPath, 1, 1).WithArguments("formId", "the form file"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .GeneratedText("CollectDb.Forms.g.cs", "DebtorNameForm", present: false)
        .RunAsync();

    [Fact]
    public Task MissingFormNameIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(FormPath, 1, 1).WithArguments("name", "the form file"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .RunAsync();

    [Fact]
    public Task MissingButtonValueIsReportedOnTheButtonsBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }, { "name": "Cancel" }]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(FormPath, 6, 45).WithArguments("value", "the button"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    [Fact]
    public Task MissingCodeValueNameIsReportedOnTheValuesBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_type", "type": "int", "values": [{ "value": 5 }] }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG002").AtChar(TablePath, 6, 52).WithArguments("name", "the value"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    // ---- CCG003 wrong type or value: on the value ----

    [Fact]
    public Task TableThatIsANumberIsReportedOnTheNumber() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": {|#0:5|},
              "rowId": "co_rowid",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("table", "a non-empty string"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task FieldsThatIsAnObjectIsReportedOnTheObject() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": {|#0:{ }|}
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("fields", "an array"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task NegativeMaxLengthIsReportedOnTheNumber() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_note", "type": "string", "maxLength": {|#0:-1|} }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("maxLength", "an integer of at least 1"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task ReadOnlyThatIsAStringIsReportedOnTheString() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid", "readOnly": {|#0:"yes"|} }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("readOnly", "true or false"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateJsonPropertyIsReportedOnTheRepeatedName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              {|#0:"table"|} : "contact2",
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("table", "given once"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task EmptyFieldsIsReportedOnTheArray() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": {|#1:"co_rowid"|},
              "fields": {|#0:[]|}
            }
            """)
        .Expect(
            Ccg.Error("CCG003").WithLocation(0).WithArguments("fields", "a non-empty array (at least the row id)"),
            Ccg.Error("CCG005").WithLocation(1).WithArguments("co_rowid", "contact"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task RootThatIsNotAnObjectIsReportedOnTheRoot() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, "{|#0:[1, 2]|}\n")
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("(root)", "a JSON object"))
        .Generates(DebtorFiles)
        .RunAsync();

    [Fact]
    public Task FormFieldThatIsNotAStringIsReportedOnTheItem() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name", {|#0:7|}],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG003").WithLocation(0).WithArguments("fields[]", "a column name (a string) when the form has a table"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    // ---- CCG004 .. CCG011 ----

    [Fact]
    public Task UnknownColumnTypeIsReportedOnTheType() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_note", "type": {|#0:"strng"|} }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG004").WithLocation(0).WithArguments("co_note", "strng", TypeList))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("Contact.g.cs", "ContactRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task RowIdThatIsNotAFieldIsReportedOnTheRowId() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": {|#0:"co_id"|},
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG005").WithLocation(0).WithArguments("co_id", "contact"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateTableIsReportedOnTheLaterFilesTable() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/schemas/z-debtor.table.json", """
            {
              "table": {|#0:"debtor"|},
              "rowId": "de_rowid",
              "typeName": "DebtorCopy",
              "fields": [{ "name": "de_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG006").WithLocation(0).WithArguments("debtor", DebtorPath))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorCopy.g.cs", "DebtorCopyRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateTypeNameIsReportedOnTheLaterFilesTypeName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/schemas/z-client.table.json", """
            {
              "table": "client",
              "rowId": "cl_rowid",
              "typeName": {|#0:"Debtor"|},
              "fields": [{ "name": "cl_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG007").WithLocation(0).WithArguments("Debtor", DebtorPath))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("Debtor.g.cs", "\"de_rowid\"")
        .GeneratedText("Debtor.g.cs", "\"cl_rowid\"", present: false)
        .GeneratedText("CollectDb.g.cs", "\"client\"", present: false)
        .RunAsync();

    [Fact]
    public Task ImpliedTypeNamesThatCollideAreNumberedWithAWarningOnTheLaterTable() => new GeneratorCase()
        .File("/schemas/a-notes.table.json", """
            {
              "table": "notes",
              "rowId": "no_rowid",
              "fields": [{ "name": "no_rowid", "type": "rowid" }]
            }
            """)
        .File("/schemas/b-note.table.json", """
            {
              "table": {|#0:"note"|},
              "rowId": "nt_rowid",
              "fields": [{ "name": "nt_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("Note", "note", "the type of /schemas/a-notes.table.json", "Note2"))
        .Generates(EntryPointFiles).Generates("Note.g.cs", "NoteRepository.g.cs", "Note2.g.cs", "Note2Repository.g.cs")
        .GeneratedText("Note.g.cs", "\"no_rowid\"")
        .GeneratedText("Note2.g.cs", "\"nt_rowid\"")
        .RunAsync();

    [Fact]
    public Task TypeNamesThatDifferOnlyInCaseAreDuplicates() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/schemas/z-client.table.json", """
            {
              "table": "client",
              "rowId": "cl_rowid",
              "typeName": {|#0:"debtor"|},
              "fields": [{ "name": "cl_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Error("CCG007").WithLocation(0).WithArguments("debtor", DebtorPath))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("Debtor.g.cs", "\"de_rowid\"")
        .RunAsync();

    [Fact]
    public Task TypeNameThatIsAnotherTablesRepositoryInAnotherCaseIsRenamed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(ClientPath, """
            {
              "table": "client",
              "rowId": "cl_rowid",
              "typeName": {|#0:"debtorrepository"|},
              "fields": [{ "name": "cl_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("debtorrepository", "client", "a generated type", "debtorrepositoryRecord"))
        .Generates(DebtorFiles).Generates(EntryPointFiles).Generates("debtorrepositoryRecord.g.cs")
        .RunAsync();

    [Fact]
    public Task FormClassThatIsATypeNameInAnotherCaseIsRenamed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(ClientPath, """
            {
              "table": "client",
              "rowId": "cl_rowid",
              "typeName": "debtornameform",
              "fields": [{ "name": "cl_rowid", "type": "rowid" }]
            }
            """)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": {|#0:"DebtorName"|},
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("DebtorNameForm", "DebtorName", "a generated type", "DebtorNameForm2"))
        .Generates(DebtorFiles).Generates("debtornameform.g.cs", "DebtorNameForm2.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateColumnIsReportedOnTheSecondName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_note", "type": "string" },
                { "name": {|#0:"co_note"|}, "type": "int" }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG008").WithLocation(0).WithArguments("co_note"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("Contact.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateFormFieldIsReportedOnTheSecondListing() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name", {|#0:"de_name"|}],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG008").WithLocation(0).WithArguments("de_name"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    /// <remarks>
    /// The table still generates, without the link: CCG009 is the one error that does not skip its
    /// file (the resolver drops only the reference), although the catalogue says an error file
    /// generates nothing. Reported to the lead; this pins today's behaviour.
    /// </remarks>
    [Fact]
    public Task ReferenceToAnUnknownTableIsReportedOnTheReference() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_rowid_creditor", "type": "rowid", "references": {|#0:"creditor"|} }
              ]
            }
            """)
        .Expect(Ccg.Error("CCG009").WithLocation(0).WithArguments("co_rowid_creditor", "creditor"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .RunAsync();

    [Fact]
    public Task FormFieldMissingFromItsTableIsReportedOnTheListing() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name", {|#0:"de_phone"|}],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG010").WithLocation(0).WithArguments("de_phone", "debtor"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .GeneratedText("CollectDb.Forms.g.cs", "DebtorNameForm", present: false)
        .RunAsync();

    [Fact]
    public Task FormWithAnEmptyButtonListIsReportedOnTheList() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": {|#0:[]|}
            }
            """)
        .Expect(Ccg.Error("CCG011").WithLocation(0).WithArguments("DebtorName"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    [Fact]
    public Task FormWithoutButtonsIsReportedOnTheOpeningBrace() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": "debtor",
              "fields": ["de_name"]
            }
            """)
        .Expect(Ccg.Error("CCG011").AtChar(FormPath, 1, 1).WithArguments("DebtorName"))
        .Generates(DebtorFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    // ---- CCG012 / CCG013 naming warnings: the file still generates, with the stated name ----

    [Fact]
    public Task KeywordPropertyIsEscapedWithAWarningOnTheProperty() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_class", "type": "int", "property": {|#0:"class"|} }
              ]
            }
            """)
        .Expect(Ccg.Warning("CCG012").WithLocation(0).WithArguments("class", "it is a C# keyword", "@class"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("Contact.g.cs", "@class")
        .RunAsync();

    [Fact]
    public Task ColumnWithALeadingDigitGetsAnUnderscoreWithAWarningOnTheName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": {|#0:"1st_call"|}, "type": "date" }
              ]
            }
            """)
        .Expect(Ccg.Warning("CCG012").WithLocation(0).WithArguments("1stCall", "it starts with a digit", "_1stCall"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("Contact.g.cs", "_1stCall")
        .RunAsync();

    [Fact]
    public Task KeywordTypeNameIsEscapedWithAWarningOnTheTypeName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "typeName": {|#0:"int"|},
              "fields": [{ "name": "co_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Warning("CCG012").WithLocation(0).WithArguments("int", "it is a C# keyword", "@int"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .RunAsync();

    [Fact]
    public Task ColumnsThatPascalCaseAlikeAreNumberedWithAWarningOnTheSecond() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_first_name", "type": "string" },
                { "name": {|#0:"co_first__name"|}, "type": "string" }
              ]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("FirstName", "co_first__name", "another column's property", "FirstName2"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("Contact.g.cs", "FirstName2")
        .RunAsync();

    [Fact]
    public Task ColumnNamedLikeTheGeneratedColumnsClassIsRenamedWithAWarning() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": {|#0:"co_columns"|}, "type": "int" }
              ]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("Columns", "co_columns", "a generated member", "ColumnsColumn"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("Contact.g.cs", "ColumnsColumn")
        .RunAsync();

    [Fact]
    public Task TableNamedLikeTheEntryPointIsRenamedWithAWarningOnTheTable() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/schemas/collect_db.table.json", """
            {
              "table": {|#0:"collect_db"|},
              "rowId": "cd_rowid",
              "fields": [{ "name": "cd_rowid", "type": "rowid" }]
            }
            """)
        .Expect(Ccg.Warning("CCG013").WithLocation(0).WithArguments("CollectDb", "collect_db", "the entry point", "CollectDbRecord"))
        .Generates(DebtorFiles).Generates(EntryPointFiles).Generates("CollectDbRecord.g.cs", "CollectDbRecordRepository.g.cs")
        .RunAsync();

    // ---- CCG014 / CCG016 / CCG019 template overrides ----

    [Fact]
    public Task TemplateOverrideThatDoesNotParseIsReportedInTheTemplateAndTheBuiltInIsUsed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/templates/Record.scriban", "// custom\n{{ for x in {|#0:}}|}\n{{ end }}\n")
        .Expect(Ccg.Error("CCG014").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("Debtor.g.cs", "// custom", present: false)
        .RunAsync();

    [Fact]
    public Task TemplateOverrideOfAnUnknownNameIsReportedAtTheTemplatesStart() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/templates/Foo.scriban", "// nothing\n")
        .Expect(Ccg.Warning("CCG016").At("/templates/Foo.scriban", 1, 1).WithArguments("Foo.scriban", TemplateList))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .RunAsync();

    [Fact]
    public Task TemplateOverrideThatFailsToRenderIsReportedAtTheFailingExpressionAndTheBuiltInIsUsed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/templates/Record.scriban", "// custom {{ {|#0:no_such_variable|} }}\n")
        .Expect(Ccg.Error("CCG019").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("Debtor.g.cs", "// custom", present: false)
        .RunAsync();

    [Fact]
    public Task TemplateOverrideThatRecursesForeverIsReportedAndTheBuiltInIsUsed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/templates/Record.scriban", "// custom\n{{ func f; {|#0:f|}; end; f }}\n")
        .Expect(Ccg.Error("CCG019").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("Debtor.g.cs", "// custom", present: false)
        .RunAsync();

    [Fact]
    public Task TemplateOverrideThatLoopsForeverIsReportedAndTheBuiltInIsUsed() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File("/templates/Repository.scriban", "// custom\n{{ {|#0:while true; end|} }}\n")
        .Expect(Ccg.Error("CCG019").WithLocation(0))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .GeneratedText("DebtorRepository.g.cs", "// custom", present: false)
        .RunAsync();

    // ---- CCG015 .. CCG020 ----

    [Fact]
    public Task UnknownPropertyIsReportedOnItsNameAndIgnored() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              {|#0:"colour"|}: "blue",
              "fields": [{ "name": "co_rowid", "type": "rowid", {|#1:"lenght"|} : 5 }]
            }
            """)
        .Expect(
            Ccg.Warning("CCG015").WithLocation(0).WithArguments("colour"),
            Ccg.Warning("CCG015").WithLocation(1).WithArguments("lenght"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateFormIdIsReportedOnTheLaterFormsId() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, Form)
        .File("/schemas/other.form.json", """
            {
              "formId": {|#0:"0B6C1F7E-0000-4000-8000-000000000001"|},
              "name": "Other",
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG017").WithLocation(0).WithArguments("id", "0B6C1F7E-0000-4000-8000-000000000001", FormPath))
        .Generates(DebtorFiles).Generates(EntryPointFiles).Generates("DebtorNameForm.g.cs")
        .DoesNotGenerate("OtherForm.g.cs")
        .RunAsync();

    [Fact]
    public Task DuplicateFormClassIsReportedOnTheLaterFormsName() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, Form)
        .File("/schemas/other.form.json", """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000002",
              "name": {|#0:"debtor_name"|},
              "table": "debtor",
              "fields": ["de_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG017").WithLocation(0).WithArguments("class", "DebtorNameForm", FormPath))
        .Generates(DebtorFiles).Generates("DebtorNameForm.g.cs")
        .GeneratedText("DebtorNameForm.g.cs", "0b6c1f7e-0000-4000-8000-000000000001")
        .RunAsync();

    [Fact]
    public Task ReferenceOnANonRowIdColumnIsIgnoredWithAWarningOnTheReference() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(TablePath, """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_debtor", "type": "int", "references": {|#0:"debtor"|} }
              ]
            }
            """)
        .Expect(Ccg.Warning("CCG018").WithLocation(0).WithArguments("co_debtor", "int"))
        .Generates(DebtorFiles).Generates("Contact.g.cs", "ContactRepository.g.cs")
        .GeneratedText("DebtorRepository.g.cs", "Contact", present: false)
        .RunAsync();

    [Fact]
    public Task FormForAnUnknownTableIsReportedOnTheTable() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(FormPath, """
            {
              "formId": "0b6c1f7e-0000-4000-8000-000000000001",
              "name": "DebtorName",
              "table": {|#0:"creditor"|},
              "fields": ["cr_name"],
              "buttons": [{ "name": "Ok", "value": 1 }]
            }
            """)
        .Expect(Ccg.Error("CCG020").WithLocation(0).WithArguments("DebtorName", "creditor"))
        .Generates(DebtorFiles).Generates(EntryPointFiles)
        .DoesNotGenerate("DebtorNameForm.g.cs")
        .RunAsync();

    // ---- Several files at once ----

    [Fact]
    public Task EachBrokenFileIsReportedInItselfAndTheValidOnesGenerate() => new GeneratorCase()
        .File(DebtorPath, Debtor)
        .File(ClientPath, Client)
        .File(FormPath, Form)
        .File("/schemas/a.table.json", "{ \"table\": \"a\", {|#0:|}] }")
        .File("/schemas/b.table.json", """{ "table": "b", "rowId": "b_rowid", "fields": [{ "name": "b_rowid", "type": {|#1:"guid"|} }] }""")
        .Expect(
            Ccg.Error("CCG001").WithLocation(0),
            Ccg.Error("CCG004").WithLocation(1).WithArguments("b_rowid", "guid", TypeList))
        .Generates(DebtorFiles).Generates(ClientFiles).Generates(EntryPointFiles).Generates("DebtorNameForm.g.cs")
        .DoesNotGenerate("A.g.cs", "B.g.cs")
        .RunAsync();
}
