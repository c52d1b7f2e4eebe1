package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import org.junit.jupiter.api.Test;

class PreparedCastTest {

  @Test
  void castIsNeededOnlyWhenTheDeclaredTypeIsWiderOrUnrelated() {
    assertTrue(Prepared.needsCast(DataType.BIGINT, DataType.INTEGER));
    assertTrue(Prepared.needsCast(DataType.DOUBLE, DataType.NUMERIC));
    assertTrue(Prepared.needsCast(DataType.DATE, DataType.TIMESTAMP));
    assertTrue(Prepared.needsCast(DataType.BIGINT, null));
    assertFalse(Prepared.needsCast(DataType.SMALLINT, DataType.INTEGER));
    assertFalse(Prepared.needsCast(DataType.INTEGER, DataType.INTEGER));
    assertFalse(Prepared.needsCast(DataType.VARCHAR, DataType.UUID), "text is parsed as the target type");
  }
}
