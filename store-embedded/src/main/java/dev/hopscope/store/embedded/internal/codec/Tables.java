package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.store.SearchHints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared tables of one encoded unit (a WAL record or a block): a string dictionary holding
 * names, keys and string values, and resources and scopes stored once each. Rows refer to entries
 * by index, which is what makes low-cardinality columns cost a byte or two per span.
 */
public final class Tables {
  private final StringIndex strings = new StringIndex();
  private final Map<Resource, Integer> resourceIndex = new HashMap<>();
  private final List<Resource> resources = new ArrayList<>();
  private final Map<InstrumentationScope, Integer> scopeIndex = new HashMap<>();
  private final List<InstrumentationScope> scopes = new ArrayList<>();

  public int string(String value) {
    int index = strings.putIfAbsent(value);
    return index < 0 ? -1 - index : index;
  }

  /** The index of a string already in the table, or -1. */
  public int indexOf(String value) {
    return strings.get(value);
  }

  public String string(int index) {
    if (index >= strings.size()) {
      throw new IndexOutOfBoundsException(index);
    }
    return strings.value(index);
  }

  public int stringCount() {
    return strings.size();
  }

  public int resource(Resource value) {
    Integer index = resourceIndex.get(value);
    if (index == null) {
      index = resources.size();
      resourceIndex.put(value, index);
      resources.add(value);
    }
    return index;
  }

  public Resource resource(int index) {
    return resources.get(index);
  }

  public List<Resource> resources() {
    return resources;
  }

  public int scope(InstrumentationScope value) {
    Integer index = scopeIndex.get(value);
    if (index == null) {
      index = scopes.size();
      scopeIndex.put(value, index);
      scopes.add(value);
    }
    return index;
  }

  public InstrumentationScope scope(int index) {
    return scopes.get(index);
  }

  /**
   * Writes the tables. Resources and scopes are written after the strings, but their own strings
   * must be in the dictionary first, so they are encoded into a side buffer.
   */
  public void writeTo(ByteSink out) {
    ByteSink objects = new ByteSink();
    objects.writeVarInt(resources.size());
    for (Resource resource : resources) {
      AttributeCodec.writeAttributes(resource.attributes(), this, objects);
      objects.writeVarInt(string(resource.schemaUrl()));
      objects.writeVarInt(resource.droppedAttributesCount());
    }
    objects.writeVarInt(scopes.size());
    for (InstrumentationScope scope : scopes) {
      objects.writeVarInt(string(scope.name()));
      objects.writeVarInt(string(scope.version()));
      AttributeCodec.writeAttributes(scope.attributes(), this, objects);
      objects.writeVarInt(scope.droppedAttributesCount());
    }
    out.writeVarInt(strings.size());
    for (int i = 0; i < strings.size(); i++) {
      out.writeString(strings.value(i));
    }
    out.writeBytes(objects.array(), 0, objects.size());
  }

  public static Tables readFrom(ByteSource in) {
    Tables tables = new Tables();
    int stringCount = in.readCount();
    for (int i = 0; i < stringCount; i++) {
      // Indexed as read: readers look strings up (hint values).
      tables.strings.add(in.readString());
    }
    int resourceCount = in.readCount();
    for (int i = 0; i < resourceCount; i++) {
      Attributes attributes = AttributeCodec.readAttributes(tables, in);
      Resource resource =
          new Resource(attributes, tables.checkedString(in.readVarInt()), in.readVarInt());
      tables.resources.add(resource);
    }
    int scopeCount = in.readCount();
    for (int i = 0; i < scopeCount; i++) {
      String name = tables.checkedString(in.readVarInt());
      String version = tables.checkedString(in.readVarInt());
      Attributes attributes = AttributeCodec.readAttributes(tables, in);
      tables.scopes.add(new InstrumentationScope(name, version, attributes, in.readVarInt()));
    }
    return tables;
  }

  String checkedString(int index) {
    if (index < 0 || index >= strings.size()) {
      throw new MalformedDataException(
          "string index " + index + " outside a dictionary of " + strings.size());
    }
    return strings.value(index);
  }

  Resource checkedResource(int index) {
    if (index < 0 || index >= resources.size()) {
      throw new MalformedDataException(
          "resource index " + index + " outside a table of " + resources.size());
    }
    return resources.get(index);
  }

  InstrumentationScope checkedScope(int index) {
    if (index < 0 || index >= scopes.size()) {
      throw new MalformedDataException(
          "scope index " + index + " outside a table of " + scopes.size());
    }
    return scopes.get(index);
  }

  /** The {@code service.name} of each resource, computed once per block for hint checks. */
  public String[] serviceNames() {
    String[] out = new String[resources.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = resources.get(i).serviceName();
    }
    return out;
  }

  /** Whether a resource attribute equals a value, computed once per block for hint checks. */
  public boolean[] resourcesWith(String key, AttributeValue value) {
    boolean[] out = new boolean[resources.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = SearchHints.valueMatches(value, resources.get(i).attributes().get(key));
    }
    return out;
  }
}
