import type { Engine } from './engine.ts';
import type { sourceSchema } from './tables.ts';

export type Connection = Awaited<ReturnType<Engine['lancedb']['connect']>>;
export type Table = Awaited<ReturnType<Connection['openTable']>>;
export type Schema = ReturnType<typeof sourceSchema>;
export type RecordBatch = InstanceType<Engine['arrow']['RecordBatch']>;

/** Appends rows to one table in batches; the table is created on the first batch (its schema may need it). */
export class BatchedTable<Row extends object> {
  private rows: Row[] = [];
  private batches: RecordBatch[] = [];
  private batchedRows = 0;
  private table: Table | undefined;
  count = 0;

  constructor(
    private readonly arrow: Engine['arrow'],
    private readonly db: Connection,
    private readonly name: string,
    private readonly schema: () => Schema,
    private readonly batchRows: number,
  ) {}

  async push(row: Row): Promise<void> {
    await this.flushBatches();
    this.rows.push(row);
    this.count += 1;
    if (this.rows.length >= this.batchRows) await this.flush();
  }

  /** Appends Arrow record batches of this table's columns, in appends of about batchRows rows. */
  async pushBatch(batch: RecordBatch): Promise<void> {
    await this.flushRows();
    this.batches.push(batch);
    this.batchedRows += batch.numRows;
    this.count += batch.numRows;
    if (this.batchedRows >= this.batchRows) await this.flushBatches();
  }

  async flush(): Promise<void> {
    await this.flushBatches();
    await this.flushRows();
  }

  private async flushRows(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.table ??= await this.db.createEmptyTable(this.name, this.schema());
    await this.table.add(rows as unknown as Record<string, unknown>[]);
  }

  private async flushBatches(): Promise<void> {
    if (this.batches.length === 0) return;
    const batches = this.batches;
    this.batches = [];
    this.batchedRows = 0;
    this.table ??= await this.db.createEmptyTable(this.name, this.schema());
    await this.table.add(new this.arrow.Table(batches) as unknown as Parameters<Table['add']>[0]);
  }

  async finish(): Promise<Table> {
    await this.flush();
    this.table ??= await this.db.createEmptyTable(this.name, this.schema());
    return this.table;
  }
}
