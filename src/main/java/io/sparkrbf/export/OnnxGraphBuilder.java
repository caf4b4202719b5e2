package io.sparkrbf.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Builds one ONNX graph: constants (initializers), nodes in topological order, the graph's
 * inputs and outputs. Names every node after its output, so a graph viewer shows the steps of
 * the scoring path by name.
 */
final class OnnxGraphBuilder {
  /** The name of the dynamic first (batch) dimension of the input and the outputs. */
  static final String BATCH = "N";

  private final GraphProto.Builder graph;

  OnnxGraphBuilder(String name, String doc) {
    graph = GraphProto.newBuilder().setName(name).setDocString(doc);
  }

  /** A float32 constant of the given shape; values in row-major order, rounded to float. */
  String floats(String name, double[] values, long... dims) {
    return raw(name, TensorProto.DataType.FLOAT, Float.BYTES, values.length, b -> {
      for (double v : values) {
        b.putFloat((float) v);
      }
    }, dims);
  }

  /** An int64 constant of one dimension. */
  String longs(String name, long[] values) {
    return raw(name, TensorProto.DataType.INT64, Long.BYTES, values.length, b -> {
      for (long v : values) {
        b.putLong(v);
      }
    }, values.length);
  }

  /** A float64 constant of one dimension. */
  String doubles(String name, double[] values) {
    return raw(name, TensorProto.DataType.DOUBLE, Double.BYTES, values.length, b -> {
      for (double v : values) {
        b.putDouble(v);
      }
    }, values.length);
  }

  /** A constant whose values {@code fill} writes as ONNX's raw data: little-endian, row-major. */
  private String raw(String name, TensorProto.DataType type, int bytesPerValue, int count, Consumer<ByteBuffer> fill,
                     long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(bytesPerValue * count).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(raw);
    return initializer(tensor(name, type, dims).setRawData(ByteString.copyFrom(raw.array())));
  }

  /** A string constant of one dimension (UTF-8). */
  String strings(String name, String[] values) {
    TensorProto.Builder t = tensor(name, TensorProto.DataType.STRING, values.length);
    for (String v : values) {
      t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8));
    }
    return initializer(t);
  }

  private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    return t;
  }

  private String initializer(TensorProto.Builder tensor) {
    graph.addInitializer(tensor);
    return tensor.getName();
  }

  /** Adds the node {@code op(inputs)} whose one output is {@code output}; returns {@code output}. */
  String node(String op, String output, String[] inputs, AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String input : inputs) {
      node.addInput(input);
    }
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return output;
  }

  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto floatAttribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto intsAttribute(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** A graph input of the given element type and shape [N, width]. */
  void input(String name, TensorProto.DataType type, long width, String doc) {
    graph.addInput(valueInfo(name, type, doc, width));
  }

  /** A graph output of shape [N] ({@code width} absent) or [N, width]. */
  void output(String name, TensorProto.DataType type, String doc, long... width) {
    graph.addOutput(valueInfo(name, type, doc, width));
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, String doc, long... width) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long w : width) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(w));
    }
    TypeProto type1 = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type1).setDocString(doc).build();
  }

  GraphProto build() {
    return graph.build();
  }
}
