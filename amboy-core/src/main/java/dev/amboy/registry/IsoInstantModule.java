package dev.amboy.registry;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes and reads instants as ISO-8601 strings through {@link IsoInstants} instead of Jackson's
 * formatter-based java.time support. The output is the same; the cost per time is a fraction.
 * Jackson's own serializer and deserializer still handle everything else: properties with a {@code
 * JsonFormat}, numeric timestamps when a mapper enables them, and any text other than the plain
 * {@code ...Z} form.
 */
final class IsoInstantModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  IsoInstantModule() {
    super("amboy-iso-instants");
    addSerializer(Instant.class, new IsoInstantSerializer());
    addDeserializer(Instant.class, new IsoInstantDeserializer());
  }

  private static boolean hasFormat(JsonFormat.Value format) {
    return format != null && !format.equals(JsonFormat.Value.empty());
  }

  private static final class IsoInstantSerializer extends StdSerializer<Instant> {

    IsoInstantSerializer() {
      super(Instant.class);
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
      if (hasFormat(findFormatOverrides(ctxt, property, Instant.class))) {
        return InstantSerializer.INSTANCE.createContextual(ctxt, property);
      }
      return this;
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt)
        throws JacksonException {
      if (ctxt.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)) {
        InstantSerializer.INSTANCE.serialize(value, gen, ctxt);
      } else {
        gen.writeString(IsoInstants.format(value));
      }
    }
  }

  private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    IsoInstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public ValueDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      if (hasFormat(findFormatOverrides(ctxt, property, Instant.class))) {
        return InstantDeserializer.INSTANT.createContextual(ctxt, property);
      }
      return this;
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant value =
            IsoInstants.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
        if (value != null) {
          return value;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
  }
}
