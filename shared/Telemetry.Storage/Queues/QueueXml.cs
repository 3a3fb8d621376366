using System.Globalization;
using System.Text;
using System.Xml;

namespace Telemetry.Storage;

/// <summary>The Queue service's XML: the put body and the message lists it answers with.</summary>
internal static class QueueXml
{
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };
    private static readonly XmlReaderSettings ReaderSettings = new() { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true };

    /// <summary>&lt;QueueMessage&gt;&lt;MessageText&gt;…&lt;/MessageText&gt;&lt;/QueueMessage&gt;; throws ArgumentException for characters XML cannot carry.</summary>
    public static byte[] MessageBody(string messageText)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            writer.WriteStartElement("QueueMessage");
            writer.WriteElementString("MessageText", messageText);
            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads every &lt;QueueMessage&gt; of a &lt;QueueMessagesList&gt; as name/value maps.</summary>
    public static List<Dictionary<string, string>> ReadMessages(Stream content)
    {
        var messages = new List<Dictionary<string, string>>();
        using var reader = XmlReader.Create(content, ReaderSettings);
        Dictionary<string, string>? current = null;

        // ReadElementContentAsString moves past the element it reads, so the loop reads on only when nothing was consumed.
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName == "QueueMessagesList")
            {
                reader.Read();
            }
            else if (reader.LocalName == "QueueMessage")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                messages.Add(current);
                reader.Read();
            }
            else if (current is not null)
            {
                current[reader.LocalName] = reader.ReadElementContentAsString();
            }
            else
            {
                reader.Skip();
            }
        }

        return messages;
    }

    public static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.ParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
