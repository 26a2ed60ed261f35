using System;
using System.Collections.Generic;

namespace Collect.Runtime.Jobs;

/// <summary>A prompt a job sent over the web socket: what every subtype carries.</summary>
public abstract class CollectPrompt
{
    private protected CollectPrompt(string jobId, string subtype, string? message)
    {
        JobId = jobId;
        Subtype = subtype;
        Message = message;
    }

    /// <summary>The job's id (<c>jobid</c>).</summary>
    public string JobId { get; }

    /// <summary>The prompt's <c>subtype</c>: <c>button</c>, <c>string</c>, <c>date</c> or <c>form</c>.</summary>
    public string Subtype { get; }

    /// <summary>The text to show the user (<c>message</c>), e.g. the question; null when the prompt has none.</summary>
    public string? Message { get; }
}

/// <summary>
/// A <c>button</c> prompt: a question and its button captions. It is answered with the 0-based
/// position of the chosen button in <see cref="Buttons"/>.
/// </summary>
public sealed class ButtonPrompt : CollectPrompt
{
    /// <summary>Creates the prompt.</summary>
    public ButtonPrompt(string jobId, string? message, IReadOnlyList<string> buttons)
        : base(jobId, "button", message)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        Buttons = buttons;
    }

    /// <summary>The button captions in order, e.g. <c>["Yes", "No"]</c>.</summary>
    public IReadOnlyList<string> Buttons { get; }

    /// <summary>The 0-based position of the button with the given caption (compared ignoring case).</summary>
    /// <exception cref="ArgumentException">No button has that caption.</exception>
    public int PositionOf(string caption)
    {
        for (var i = 0; i < Buttons.Count; i++)
        {
            if (string.Equals(Buttons[i], caption, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new ArgumentException($"The prompt has no button '{caption}'; its buttons are: {string.Join(", ", Buttons)}.", nameof(caption));
    }
}

/// <summary>
/// A <c>string</c> prompt: asks for a text, with a default in <c>data.value</c> (CONTRACT.md).
/// Answered with a <see cref="StringAnswer"/>.
/// </summary>
public sealed class StringPrompt : CollectPrompt
{
    /// <summary>Creates the prompt.</summary>
    public StringPrompt(string jobId, string? message, string? defaultValue)
        : base(jobId, "string", message)
    {
        DefaultValue = defaultValue;
    }

    /// <summary>The default text the prompt carried in <c>data.value</c>, or null.</summary>
    public string? DefaultValue { get; }
}

/// <summary>
/// A <c>date</c> prompt: asks for a date, with a <c>yyyy-MM-dd</c> default in <c>data.value</c>
/// (CONTRACT.md). Answered with a <see cref="DateAnswer"/>.
/// </summary>
public sealed class DatePrompt : CollectPrompt
{
    /// <summary>Creates the prompt.</summary>
    public DatePrompt(string jobId, string? message, DateOnly? defaultValue, string? defaultText)
        : base(jobId, "date", message)
    {
        DefaultValue = defaultValue;
        DefaultText = defaultText;
    }

    /// <summary>The default date the prompt carried, or null when it carried none (or one that is not a <c>yyyy-MM-dd</c> date).</summary>
    public DateOnly? DefaultValue { get; }

    /// <summary>The default exactly as the prompt carried it in <c>data.value</c>, or null.</summary>
    public string? DefaultText { get; }
}

/// <summary>
/// A <c>form</c> prompt: a form, found by <c>formid</c>, filled with the defaults the prompt
/// carried. Answered with a <see cref="FormAnswer{TForm}"/>: a button value from
/// <see cref="Buttons"/> (not a position) and the form's data.
/// </summary>
/// <typeparam name="TForm">
/// The generated form type; <see cref="ICollectForm"/> for prompts given to the
/// <see cref="CollectPromptHandlers.OnOtherForm(Func{FormPrompt{ICollectForm}, FormAnswer{ICollectForm}})"/> fallback, whose form is
/// the registry's typed form or a <see cref="CollectDictionaryForm"/>.
/// </typeparam>
public sealed class FormPrompt<TForm> : CollectPrompt where TForm : ICollectForm
{
    /// <summary>Creates the prompt.</summary>
    public FormPrompt(string jobId, string? message, string formId, TForm form, IReadOnlyList<FormButton> buttons)
        : base(jobId, "form", message)
    {
        ArgumentNullException.ThrowIfNull(formId);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(buttons);
        FormId = formId;
        Form = form;
        Buttons = buttons;
    }

    /// <summary>The form's id (<c>formid</c>).</summary>
    public string FormId { get; }

    /// <summary>The form with the defaults the prompt carried (only non-zero, non-blank values).</summary>
    public TForm Form { get; }

    /// <summary>The form's buttons and their values; empty for a form the runtime has no type for.</summary>
    public IReadOnlyList<FormButton> Buttons { get; }
}
