using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>How the job loop reads a prompt's form data into a typed form, found by <c>formid</c>.</summary>
public sealed class CollectFormDescriptor
{
    private readonly ReadForm _read;

    private CollectFormDescriptor(string formId, Type formType, IReadOnlyList<FormButton> buttons, ReadForm read)
    {
        FormId = formId;
        FormType = formType;
        Buttons = buttons;
        _read = read;
    }

    private delegate ICollectForm ReadForm(ref Utf8JsonReader reader);

    /// <summary>The form's id.</summary>
    public string FormId { get; }

    /// <summary>The generated form type.</summary>
    public Type FormType { get; }

    /// <summary>The form's buttons.</summary>
    public IReadOnlyList<FormButton> Buttons { get; }

    /// <summary>Reads a prompt's <c>data</c> object into the typed form.</summary>
    public ICollectForm Read(ref Utf8JsonReader reader) => _read(ref reader);

    /// <summary>Reads a prompt's <c>data</c> object into the typed form.</summary>
    public ICollectForm Read(JsonElement data)
    {
        var reader = new Utf8JsonReader(JsonSerializerBytes(data));
        reader.Read();
        return _read(ref reader);
    }

    /// <summary>The descriptor of a generated form type.</summary>
    public static CollectFormDescriptor Create<TForm>() where TForm : ICollectForm<TForm> =>
        new(TForm.Id, typeof(TForm), TForm.ButtonList, static (ref Utf8JsonReader reader) => TForm.ReadJson(ref reader));

    private static byte[] JsonSerializerBytes(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) element.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The forms a project knows, by <c>formid</c> (ids compare case-insensitively).</summary>
public sealed class CollectFormRegistry
{
    private readonly Dictionary<string, CollectFormDescriptor> _forms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry of the given forms; a later duplicate id replaces an earlier one.</summary>
    public CollectFormRegistry(params CollectFormDescriptor[] forms)
    {
        foreach (var form in forms) _forms[form.FormId] = form;
    }

    /// <summary>The registered forms.</summary>
    public IReadOnlyCollection<CollectFormDescriptor> Forms => _forms.Values;

    /// <summary>Finds a form by id.</summary>
    public bool TryGet(string formId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CollectFormDescriptor? form) =>
        _forms.TryGetValue(formId, out form);
}
