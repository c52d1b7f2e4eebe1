package io.heliosdb.metadata.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.proto.AddConstraintCommand;
import io.heliosdb.metadata.proto.ConstraintDefinition;
import io.heliosdb.metadata.proto.CreateIndexCommand;
import io.heliosdb.metadata.proto.DropConstraintCommand;
import io.heliosdb.metadata.proto.DropIndexCommand;
import io.heliosdb.metadata.proto.IndexDefinition;
import io.heliosdb.metadata.proto.SetIndexValidCommand;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.metadata.proto.CatalogImage;
import io.heliosdb.metadata.proto.CellRegistration;
import io.heliosdb.metadata.proto.ColumnDefinition;
import io.heliosdb.metadata.proto.CreateSchemaCommand;
import io.heliosdb.metadata.proto.CreateTableCommand;
import io.heliosdb.metadata.proto.DropSchemaCommand;
import io.heliosdb.metadata.proto.DropTableCommand;
import io.heliosdb.metadata.proto.MetadataCommand;
import io.heliosdb.metadata.proto.PutUserCommand;
import io.heliosdb.metadata.proto.RegisterCellCommand;
import io.heliosdb.metadata.proto.TableDefinition;
import io.heliosdb.metadata.proto.UserDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts commands and catalog states to and from their protobuf form (metadata.proto). State
 * images are canonical: collections are written sorted by key, so two equal states encode to the
 * same bytes, which is what the determinism tests compare.
 */
public final class CatalogCodec {

  /** Version of the {@link CatalogImage} layout written by {@link #encodeState}. */
  public static final int IMAGE_FORMAT_VERSION = 1;

  private CatalogCodec() {}

  // ---------- commands ----------

  public static byte[] encodeCommand(CatalogCommand command) {
    return toProto(command).toByteArray();
  }

  public static CatalogCommand decodeCommand(byte[] bytes) {
    try {
      return fromProto(MetadataCommand.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a metadata command", e);
    }
  }

  static MetadataCommand toProto(CatalogCommand command) {
    MetadataCommand.Builder b = MetadataCommand.newBuilder();
    if (command instanceof CatalogCommand.CreateSchema c) {
      b.setCreateSchema(CreateSchemaCommand.newBuilder().setName(c.name()).setIfNotExists(c.ifNotExists()));
    } else if (command instanceof CatalogCommand.DropSchema c) {
      b.setDropSchema(DropSchemaCommand.newBuilder().setName(c.name()).setIfExists(c.ifExists())
          .setCascade(c.cascade()));
    } else if (command instanceof CatalogCommand.CreateTable c) {
      CreateTableCommand.Builder t = CreateTableCommand.newBuilder().setSchema(c.schema()).setName(c.name())
          .setVirtualShards(c.virtualShards()).setIfNotExists(c.ifNotExists());
      c.columns().forEach(col -> t.addColumns(toProto(col)));
      c.primaryKey().forEach(t::addPrimaryKey);
      c.indexes().forEach(i -> t.addIndexes(toProto(i)));
      c.constraints().forEach(k -> t.addConstraints(toProto(k)));
      b.setCreateTable(t);
    } else if (command instanceof CatalogCommand.DropTable c) {
      b.setDropTable(DropTableCommand.newBuilder().setSchema(c.schema()).setName(c.name()).setIfExists(c.ifExists()));
    } else if (command instanceof CatalogCommand.RegisterCell c) {
      b.setRegisterCell(RegisterCellCommand.newBuilder().setCellId(c.cellId()).setAddress(c.address()));
    } else if (command instanceof CatalogCommand.PutUser c) {
      b.setPutUser(PutUserCommand.newBuilder().setUser(toProto(c.user())));
    } else if (command instanceof CatalogCommand.CreateIndex c) {
      b.setCreateIndex(CreateIndexCommand.newBuilder().setSchema(c.schema()).setTable(c.table())
          .setIndex(toProto(c.index())).setIfNotExists(c.ifNotExists()));
    } else if (command instanceof CatalogCommand.DropIndex c) {
      b.setDropIndex(DropIndexCommand.newBuilder().setSchema(c.schema()).setName(c.name()).setIfExists(c.ifExists()));
    } else if (command instanceof CatalogCommand.SetIndexValid c) {
      b.setSetIndexValid(SetIndexValidCommand.newBuilder().setSchema(c.schema()).setName(c.name()));
    } else if (command instanceof CatalogCommand.AddConstraint c) {
      b.setAddConstraint(AddConstraintCommand.newBuilder().setSchema(c.schema()).setTable(c.table())
          .setConstraint(toProto(c.constraint())));
    } else if (command instanceof CatalogCommand.DropConstraint c) {
      b.setDropConstraint(DropConstraintCommand.newBuilder().setSchema(c.schema()).setTable(c.table())
          .setName(c.name()).setIfExists(c.ifExists()));
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    return b.build();
  }

  static CatalogCommand fromProto(MetadataCommand m) {
    return switch (m.getCommandCase()) {
      case CREATE_SCHEMA -> new CatalogCommand.CreateSchema(m.getCreateSchema().getName(),
          m.getCreateSchema().getIfNotExists());
      case DROP_SCHEMA -> new CatalogCommand.DropSchema(m.getDropSchema().getName(),
          m.getDropSchema().getIfExists(), m.getDropSchema().getCascade());
      case CREATE_TABLE -> {
        CreateTableCommand t = m.getCreateTable();
        yield new CatalogCommand.CreateTable(t.getSchema(), t.getName(),
            t.getColumnsList().stream().map(CatalogCodec::fromProto).toList(),
            t.getPrimaryKeyList(), t.getVirtualShards(), t.getIfNotExists(),
            t.getIndexesList().stream().map(CatalogCodec::fromProto).toList(),
            t.getConstraintsList().stream().map(CatalogCodec::fromProto).toList());
      }
      case DROP_TABLE -> new CatalogCommand.DropTable(m.getDropTable().getSchema(), m.getDropTable().getName(),
          m.getDropTable().getIfExists());
      case REGISTER_CELL -> new CatalogCommand.RegisterCell(m.getRegisterCell().getCellId(),
          m.getRegisterCell().getAddress());
      case PUT_USER -> new CatalogCommand.PutUser(fromProto(m.getPutUser().getUser()));
      case CREATE_INDEX -> new CatalogCommand.CreateIndex(m.getCreateIndex().getSchema(), m.getCreateIndex().getTable(),
          fromProto(m.getCreateIndex().getIndex()), m.getCreateIndex().getIfNotExists());
      case DROP_INDEX -> new CatalogCommand.DropIndex(m.getDropIndex().getSchema(), m.getDropIndex().getName(),
          m.getDropIndex().getIfExists());
      case SET_INDEX_VALID -> new CatalogCommand.SetIndexValid(m.getSetIndexValid().getSchema(),
          m.getSetIndexValid().getName());
      case ADD_CONSTRAINT -> new CatalogCommand.AddConstraint(m.getAddConstraint().getSchema(),
          m.getAddConstraint().getTable(), fromProto(m.getAddConstraint().getConstraint()));
      case DROP_CONSTRAINT -> new CatalogCommand.DropConstraint(m.getDropConstraint().getSchema(),
          m.getDropConstraint().getTable(), m.getDropConstraint().getName(), m.getDropConstraint().getIfExists());
      case COMMAND_NOT_SET -> throw new IllegalArgumentException("empty metadata command");
    };
  }

  // ---------- state images ----------

  public static byte[] encodeState(CatalogState state) {
    Catalog catalog = state.catalog();
    CatalogImage.Builder b = CatalogImage.newBuilder()
        .setFormatVersion(IMAGE_FORMAT_VERSION)
        .setVersion(catalog.version())
        .setNextTableId(state.nextTableId());
    catalog.schemas().stream().sorted().forEach(b::addSchemas);
    catalog.tables().values().stream().sorted(Comparator.comparingLong(TableDescriptor::tableId))
        .forEach(t -> b.addTables(toProto(t)));
    catalog.users().values().stream().sorted(Comparator.comparing(UserRecord::name))
        .forEach(u -> b.addUsers(toProto(u)));
    catalog.cells().values().stream().sorted(Comparator.comparing(CellDescriptor::cellId))
        .forEach(c -> b.addCells(CellRegistration.newBuilder().setCellId(c.cellId()).setAddress(c.address())));
    return b.build().toByteArray();
  }

  public static CatalogState decodeState(byte[] bytes) {
    CatalogImage image;
    try {
      image = CatalogImage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a catalog image", e);
    }
    if (image.getFormatVersion() != IMAGE_FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported catalog image format " + image.getFormatVersion());
    }
    Set<String> schemas = new HashSet<>(image.getSchemasList());
    Map<Long, TableDescriptor> tables = new HashMap<>();
    for (TableDefinition t : image.getTablesList()) {
      tables.put(t.getTableId(), fromProto(t));
    }
    Map<String, UserRecord> users = new HashMap<>();
    for (UserDefinition u : image.getUsersList()) {
      users.put(u.getName(), fromProto(u));
    }
    Map<String, CellDescriptor> cells = new HashMap<>();
    for (CellRegistration c : image.getCellsList()) {
      cells.put(c.getCellId(), new CellDescriptor(c.getCellId(), c.getAddress()));
    }
    return new CatalogState(new Catalog(image.getVersion(), schemas, tables, users, cells), image.getNextTableId());
  }

  // ---------- pieces ----------

  private static ColumnDefinition toProto(ColumnDescriptor c) {
    ColumnDefinition.Builder b = ColumnDefinition.newBuilder().setName(c.name()).setType(c.type().toSpec())
        .setNullable(c.nullable()).setHidden(c.hidden());
    if (c.defaultExpression() != null) {
      b.setDefaultExpression(c.defaultExpression());
    }
    return b.build();
  }

  private static ColumnDescriptor fromProto(ColumnDefinition c) {
    return new ColumnDescriptor(c.getName(), DataType.fromSpec(c.getType()), c.getNullable(),
        c.hasDefaultExpression() ? c.getDefaultExpression() : null, c.getHidden());
  }

  private static TableDefinition toProto(TableDescriptor t) {
    TableDefinition.Builder b = TableDefinition.newBuilder().setTableId(t.tableId()).setSchema(t.schema())
        .setName(t.name()).setSchemaVersion(t.schemaVersion()).setVirtualShards(t.virtualShards())
        .addAllShardToCell(t.shardToCell());
    t.columns().forEach(c -> b.addColumns(toProto(c)));
    t.primaryKey().forEach(b::addPrimaryKey);
    t.indexes().forEach(i -> b.addIndexes(toProto(i)));
    t.constraints().forEach(k -> b.addConstraints(toProto(k)));
    return b.build();
  }

  private static IndexDefinition toProto(IndexDescriptor i) {
    return IndexDefinition.newBuilder().setIndexId(i.indexId()).setName(i.name()).addAllColumns(i.columns())
        .setUnique(i.unique()).setConstraint(i.constraint()).setValid(i.valid()).build();
  }

  private static IndexDescriptor fromProto(IndexDefinition i) {
    return new IndexDescriptor(i.getIndexId(), i.getName(), i.getColumnsList(), i.getUnique(), i.getConstraint(),
        i.getValid());
  }

  private static ConstraintDefinition toProto(ConstraintDescriptor c) {
    ConstraintDefinition.Builder b = ConstraintDefinition.newBuilder().setName(c.name())
        .setKind(c.kind() == ConstraintDescriptor.Kind.CHECK ? ConstraintDefinition.Kind.CHECK
            : ConstraintDefinition.Kind.FOREIGN_KEY)
        .addAllColumns(c.columns()).addAllRefColumns(c.refColumns())
        .setOnDelete(c.onDelete()).setOnUpdate(c.onUpdate());
    if (c.checkExpression() != null) {
      b.setCheckExpression(c.checkExpression());
    }
    if (c.refSchema() != null) {
      b.setRefSchema(c.refSchema()).setRefTable(c.refTable());
    }
    return b.build();
  }

  private static ConstraintDescriptor fromProto(ConstraintDefinition c) {
    boolean check = c.getKind() == ConstraintDefinition.Kind.CHECK;
    return new ConstraintDescriptor(c.getName(),
        check ? ConstraintDescriptor.Kind.CHECK : ConstraintDescriptor.Kind.FOREIGN_KEY, c.getColumnsList(),
        check ? c.getCheckExpression() : null, check ? null : c.getRefSchema(), check ? null : c.getRefTable(),
        c.getRefColumnsList(), c.getOnDelete(), c.getOnUpdate());
  }

  private static TableDescriptor fromProto(TableDefinition t) {
    List<ColumnDescriptor> columns = new ArrayList<>();
    t.getColumnsList().forEach(c -> columns.add(fromProto(c)));
    return new TableDescriptor(t.getTableId(), t.getSchema(), t.getName(), t.getSchemaVersion(), columns,
        t.getPrimaryKeyList(), t.getVirtualShards(), t.getShardToCellList(),
        t.getIndexesList().stream().map(CatalogCodec::fromProto).toList(),
        t.getConstraintsList().stream().map(CatalogCodec::fromProto).toList());
  }

  private static UserDefinition toProto(UserRecord u) {
    return UserDefinition.newBuilder().setName(u.name()).setSuperuser(u.superuser())
        .setScramSalt(bytes(u.scramSalt())).setScramIterations(u.scramIterations())
        .setScramStoredKey(bytes(u.scramStoredKey())).setScramServerKey(bytes(u.scramServerKey()))
        .setMysqlSha2Digest(bytes(u.mysqlSha2Digest())).setMysqlNativeDigest(bytes(u.mysqlNativeDigest()))
        .build();
  }

  private static UserRecord fromProto(UserDefinition u) {
    return new UserRecord(u.getName(), u.getSuperuser(), u.getScramSalt().toByteArray(), u.getScramIterations(),
        u.getScramStoredKey().toByteArray(), u.getScramServerKey().toByteArray(),
        u.getMysqlSha2Digest().toByteArray(), u.getMysqlNativeDigest().toByteArray());
  }

  /** A missing verifier is stored as empty bytes (a user may lack e.g. the MySQL digests). */
  private static ByteString bytes(byte[] b) {
    return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
  }
}
