using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime;
using Collect.Runtime.Jobs;

namespace QuickStart;

/// <summary>
/// The tour: one numbered step per feature, each printed with ✓ and what it saw, or ✗ and why it
/// failed. The first failure stops the tour; whatever it created is deleted either way.
/// </summary>
/// <remarks>
/// <see cref="CollectDb"/> (and <c>Client</c>, <c>Debtor</c>, <c>Contact</c>, <c>ScheduleNextContactForm</c>,
/// ...) are generated at build time from the schema files in <c>schemas/</c>: nothing here is
/// hand-written against the API's JSON.
/// </remarks>
public sealed class Tour(CollectDb db, ICollectAppApi app, ICollectJobRunner jobs, ICollectSession session, TourSettings settings, TextWriter output)
{
    // What the tour created, so it can delete it again even when a step fails.
    private readonly List<RowId> _contacts = [];
    private readonly List<RowId> _debtors = [];
    private RowId? _client;
    private int _step;

    /// <summary>Runs every step; true when all of them passed.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        output.WriteLine($"Touring the Collect! API at {settings.Url} as {settings.User}{(settings.Database is null ? "" : " in " + settings.Database)}.");
        output.WriteLine();
        try
        {
            await StepsAsync(cancellationToken);
            output.WriteLine();
            output.WriteLine($"✓ All {_step} steps passed.");
            return true;
        }
        catch (TourStepFailedException e)
        {
            output.WriteLine();
            output.WriteLine($"✗ The tour stopped at step {e.Step} ({e.Title}): {e.Reason}");
            await CleanUpAsync();
            return false;
        }
    }

    private async Task StepsAsync(CancellationToken ct)
    {
        // 1. The session signs in on first use; signing in ahead checks the credentials at once.
        await Step($"Sign in as {settings.User}", async () =>
        {
            var op = await session.SignInAsync(ct);
            return op is null ? "signed in" : $"signed in as {op.Id}: {op.Name}, level {op.Level}";
        });

        // 2. Every table has a typed repository; nx_operator is Operators.
        await Step("List operators", async () =>
        {
            var operators = await db.Operators.ListAsync(new CollectQuery { Limit = 20 }, ct);
            Check(operators.Rows.Any(o => string.Equals(o.Id, settings.User, StringComparison.OrdinalIgnoreCase)), $"{settings.User} is not among the operators");
            return $"{operators.NumRecords} operators: " + string.Join(", ", operators.Rows.Select(o => $"{o.Id} ({o.Name})"));
        });

        // 3. Full business logic: the server numbers the client and the debtors and sets the debtor's
        //    status, as Collect! does when a person creates them.
        RowId clientId = default;
        RowId debtorId = default;
        Debtor debtor = null!;
        await Step("Create a client and three debtors (full business logic)", async () =>
        {
            var client = await db.Clients.CreateAsync(new Client { Name = "QuickStart Supplies Ltd.", City = "Halifax" }, BusinessLogic.FullLogic, ct);
            clientId = client.RowId ?? throw new TourCheckException("the server assigned the client no row id");
            _client = clientId;
            debtor = await CreateDebtorAsync(new Debtor { RowIdClient = clientId, Name = "Smith, John", Owing = 1250.75m, City = "Halifax", Email = "john.smith@example.com" });
            debtorId = debtor.RowId!.Value;
            var second = await CreateDebtorAsync(new Debtor { RowIdClient = clientId, Name = "Doe, Jane", Owing = 310.00m, City = "Dartmouth" });
            var third = await CreateDebtorAsync(new Debtor { RowIdClient = clientId, Name = "Brown, Bob", Owing = 89.99m, City = "Truro" });
            Check(debtor.Number is not null, "the debtor got no file number (de_number)");
            return $"client {client.Number} \"{client.Name}\"; debtors with file numbers {debtor.Number}, {second.Number}, {third.Number}, status {debtor.Status}";

            async Task<Debtor> CreateDebtorAsync(Debtor row)
            {
                var created = await db.Debtors.CreateAsync(row, BusinessLogic.FullLogic, ct);
                _debtors.Add(created.RowId ?? throw new TourCheckException("the server assigned the debtor no row id"));
                return created;
            }
        });

        // 4. Values come back typed: decimal, RowId, long, ... (the API sends them all as strings).
        await Step("Read the debtor back", async () =>
        {
            var read = await db.Debtors.GetAsync(debtorId, ct);
            Check(read.Name == debtor.Name && read.Owing == debtor.Owing && read.Number == debtor.Number && read.RowIdClient == clientId,
                $"read back {read.Name}, {read.Owing}, file {read.Number}; created {debtor.Name}, {debtor.Owing}, file {debtor.Number}");
            debtor = read;
            return $"file {read.Number}: {read.Name}, owing {Money(read.Owing)}, status {read.Status}, client row {read.RowIdClient}";
        });

        // 5. UpdateAsync compares the row as read with the changed copy and PATCHes only what differs.
        await Step("Update the debtor's status", async () =>
        {
            var changed = debtor with { Status = "ACT" };
            var sent = ChangedColumns(debtor, changed);
            var updated = await db.Debtors.UpdateAsync(debtor, changed, ct);
            Check(updated.Status == "ACT", $"the status is {updated.Status}, not ACT");
            Check(updated.Name == debtor.Name && updated.Owing == debtor.Owing, "other columns changed too");
            debtor = updated;
            return $"sent only {sent}; the status is now {updated.Status}";
        });

        // 6. Filters and sorts are typed: a column's Filter takes only values of its type.
        await Step("List with a typed filter, sort and page", async () =>
        {
            var query = new CollectQuery
            {
                Filter = Debtor.Filter.RowIdClient.Eq(clientId) & Debtor.Filter.Status.In("NEW", "ACT") & Debtor.Filter.Owing.Gt(100m),
                Sort = [Debtor.Sort.Owing.Descending],
                Limit = 1,
                Page = 1,
            };
            var page = await db.Debtors.ListAsync(query, ct);
            Check(page.NumRecords == 2 && page.NumPages == 2, $"{page.NumRecords} rows in {page.NumPages} pages matched, not 2 in 2");
            Check(page.Rows.Count == 1 && page.Rows[0].RowId == debtorId, "page 1 does not hold the debtor owing the most");
            return $"filter={query.Filter} sort=-{Debtor.Columns.Owing} limit=1: {page.NumRecords} match, page 1 of {page.NumPages} holds {page.Rows[0].Name} ({Money(page.Rows[0].Owing)})";
        });

        // 7. Creation stamps (date, time, originator) come from the server's post-logic.
        await Step("Create a contact for the debtor", async () =>
        {
            var contact = await db.Contacts.CreateAsync(new Contact
            {
                RowIdDebtor = debtorId,
                Description = "Call about the payment plan",
                Date = DateOnly.FromDateTime(DateTime.Today.AddDays(7)),
                Who = settings.User,
            }, BusinessLogic.FullLogic, ct);
            _contacts.Add(contact.RowId ?? throw new TourCheckException("the server assigned the contact no row id"));
            return $"contact row {contact.RowId} \"{contact.Description}\" for {contact.Date:yyyy-MM-dd}, created {contact.CreationDate:yyyy-MM-dd} {contact.CreationTime:HH:mm:ss}";
        });

        // 8. Counts and sub-records follow the schema's "references" links (contact.co_rowid_debtor → debtor).
        await Step("Counts and sub-records", async () =>
        {
            var counts = await db.Debtors.CountsAsync(debtorId, ct);
            var contacts = await db.Debtors.ListContactsAsync(debtorId, cancellationToken: ct);
            Check(counts.Any(c => c.Table == "contact" && c.NumRecords == 1), "the counts do not show one contact");
            Check(contacts.Rows.Count == 1 && contacts.Rows[0].Description == "Call about the payment plan", "the contact is not among the debtor's sub-records");
            return $"counts {string.Join(", ", counts.Select(c => $"{c.Table} {c.NumRecords}"))}; contacts: \"{contacts.Rows[0].Description}\"";
        });

        // 9. A contact plan asks questions over the web socket while its HTTP call waits. The handlers
        //    answer them: the button prompt by position, the form as the generated, typed form.
        var description = $"QuickStart: review file {debtor.Number} with the client";
        await Step($"Run contact plan {settings.Plan} over the web socket", async () =>
        {
            var handlers = new CollectPromptHandlers(CollectDb.Forms)
                .OnButton(prompt =>
                {
                    Detail($"prompt \"{prompt.Message}\" [{string.Join(", ", prompt.Buttons)}] → Yes");
                    return prompt.PositionOf("Yes");
                })
                .OnForm<ScheduleNextContactForm>(form =>
                {
                    Detail($"form Schedule Next Contact: description \"{form.Description}\" → \"{description}\", OK");
                    return FormAnswer.Create(ScheduleNextContactForm.Buttons.Ok, form with { Description = description });
                });
            await jobs.RunJobAsync(
                (socketId, token) => app.RunPlanAsync(settings.Plan, "debtor", debtorId, socketId, token),
                handlers,
                new CollectJobOptions { JobTimeout = TimeSpan.FromMinutes(2) },   // a tour never hangs
                ct);
            return "the plan finished";
        });

        // 10. What the plan did, read back through the sub-records.
        await Step("Check the plan's contact and the debtor's status", async () =>
        {
            var contacts = await db.Debtors.ListContactsAsync(debtorId, new CollectQuery { Filter = Contact.Filter.Description.Eq(description) }, ct);
            Check(contacts.Rows.Count == 1, $"{contacts.Rows.Count} contacts carry the description \"{description}\"");
            var planned = contacts.Rows[0];
            _contacts.Add(planned.RowId!.Value);
            var status = (await db.Debtors.GetAsync(debtorId, ct)).Status;
            // The shipped plan REV sets the status to REV; another plan may set anything.
            Check(settings.Plan != "REV" || status == "REV", $"the debtor's status is {status}, not REV");
            return $"contact row {planned.RowId} \"{planned.Description}\" for {planned.Who}; the debtor's status is {status}";
        });

        // 11. Uploads and downloads stream: the file never sits whole in the client's memory.
        await Step("Upload a file to the debtor and download it back", async () =>
        {
            var bytes = new byte[100_000];
            new Random(42).NextBytes(bytes);
            using var upload = new MemoryStream(bytes);
            var uploaded = await app.UploadAsync("debtor", debtorId, "quickstart.bin", upload, CollectOverwrite.Increment, ct);
            await using var download = await app.DownloadFileAsync("debtor", debtorId, uploaded.FileName, ct);
            using var copy = new MemoryStream();
            await download.CopyToAsync(copy, ct);
            Check(copy.ToArray().AsSpan().SequenceEqual(bytes), $"the download ({copy.Length:N0} bytes) differs from the upload ({bytes.Length:N0} bytes)");
            return $"uploaded {uploaded.FileName} ({bytes.Length:N0} bytes) to file {uploaded.FileNumber}; downloaded the same {copy.Length:N0} bytes (SHA-256 {Convert.ToHexString(SHA256.HashData(bytes))[..12]}…)";
        });

        // 12. Deleting a debtor does not delete its contacts (no cascade), so children go first.
        await Step("Delete what the tour created", async () =>
        {
            var (contacts, debtors) = (_contacts.Count, _debtors.Count);
            await DeleteCreatedAsync(ct);
            try
            {
                await db.Debtors.GetAsync(debtorId, ct);
                throw new TourCheckException("the deleted debtor can still be read");
            }
            catch (CollectNotFoundException)
            {
                // Expected: 404.
            }
            return $"deleted {contacts} contacts, {debtors} debtors and 1 client; reading the debtor now answers 404";
        });
    }

    /// <summary>Runs one step: prints its number and title, then ✓ with what it found or ✗ with why it failed.</summary>
    private async Task Step(string title, Func<Task<string>> run)
    {
        var number = ++_step;
        output.WriteLine($"{number,2}. {title}");
        string result;
        try
        {
            result = await run();
        }
        catch (Exception e)
        {
            var reason = Describe(e);
            output.WriteLine($"    ✗ {reason}");
            throw new TourStepFailedException(number, title, reason);
        }
        output.WriteLine($"    ✓ {result}");
    }

    /// <summary>A line printed while a step runs (e.g. a prompt being answered).</summary>
    private void Detail(string text) => output.WriteLine($"      {text}");

    private static void Check(bool condition, string failure)
    {
        if (!condition) throw new TourCheckException(failure);
    }

    /// <summary>Deletes what is left of what the tour created, after a failed step.</summary>
    private async Task CleanUpAsync()
    {
        if (_contacts.Count + _debtors.Count == 0 && _client is null) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));   // even when the tour was cancelled
            await DeleteCreatedAsync(timeout.Token);
            output.WriteLine("  Deleted the rows the tour had created.");
        }
        catch (Exception e)
        {
            output.WriteLine($"  Could not delete every row the tour created: {Describe(e)}");
        }
    }

    private async Task DeleteCreatedAsync(CancellationToken ct)
    {
        // Children first: the API does not cascade. (Uploaded files stay in the debtor's folder.)
        foreach (var id in _contacts.ToList())
        {
            await IgnoreNotFound(db.Contacts.DeleteAsync(id, ct));
            _contacts.Remove(id);
        }
        foreach (var id in _debtors.ToList())
        {
            await IgnoreNotFound(db.Debtors.DeleteAsync(id, ct));
            _debtors.Remove(id);
        }
        if (_client is { } client)
        {
            await IgnoreNotFound(db.Clients.DeleteAsync(client, ct));
            _client = null;
        }

        static async Task IgnoreNotFound(Task delete)
        {
            try
            {
                await delete;
            }
            catch (CollectNotFoundException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>
    /// The columns <see cref="CollectRepository{T}.UpdateAsync"/> sends: the generated writer, given the
    /// row as read as the baseline, writes only the columns that differ.
    /// </summary>
    private static string ChangedColumns<T>(T original, T changed) where T : ICollectRecord<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            T.WriteColumns(writer, changed, original);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Money(decimal? value) => value?.ToString("N2", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>One line saying what went wrong: the runtime's messages name the call, the status and the server's message.</summary>
    public static string Describe(Exception e)
    {
        var text = e switch
        {
            OperationCanceledException => "cancelled",
            HttpRequestException http => $"the server could not be reached: {http.Message}",
            _ => e.Message,
        };
        return text.ReplaceLineEndings(" ");
    }
}

/// <summary>A check of the tour found something other than what it expected.</summary>
public sealed class TourCheckException(string message) : Exception(message);

/// <summary>A step failed; the tour stops.</summary>
public sealed class TourStepFailedException(int step, string title, string reason) : Exception($"Step {step} ({title}) failed: {reason}")
{
    /// <summary>The step's number.</summary>
    public int Step { get; } = step;

    /// <summary>The step's title.</summary>
    public string Title { get; } = title;

    /// <summary>Why it failed.</summary>
    public string Reason { get; } = reason;
}
