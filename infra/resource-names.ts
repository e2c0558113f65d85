/**
 * @module Resource names derived from the stack name, shared by the CDK
 * stack and the local emulator provisioning so the two cannot drift.
 */

/**
 * Names of a Tripline deployment. The cloud stack fixes the bus, archive,
 * dashboard and serverless cluster names. Its stateful resources (table,
 * queues, buckets) keep CloudFormation's generated names, so a retained
 * copy never blocks the next deploy; the local emulator uses the names
 * here, and the function always reads them from its environment.
 */
export type ResourceNames = {
  readonly eventBusName: string;
  readonly archiveName: string;
  readonly dashboardName: string;
  /** Only with `msk.mode: "serverless"`. */
  readonly serverlessClusterName: string;
  /** Local only; in the cloud, see the `TableName` output. */
  readonly tableName: string;
  /** Local only; in the cloud, see the `QuarantineQueueUrl` output. */
  readonly quarantineQueueName: string;
};

/**
 * The names of a Tripline deployment called `stackName`.
 *
 * @example
 * ```ts
 * resourceNamesOf('Tripline').eventBusName; // 'Tripline-events'
 * ```
 */
export const resourceNamesOf = (stackName: string): ResourceNames => ({
  eventBusName: `${stackName}-events`,
  archiveName: `${stackName}-trigger-fired`,
  dashboardName: `${stackName}-pipeline`,
  serverlessClusterName: `${stackName}-events`,
  tableName: `${stackName}-checkpoints`,
  quarantineQueueName: `${stackName}-quarantine`,
});

/**
 * A filters bucket name for the local emulator. Bucket names are global,
 * so the account and region are part of it; in the cloud, see the
 * `FiltersLocation` output.
 *
 * @example
 * ```ts
 * filtersBucketNameOf('Tripline', '000000000000', 'us-east-1');
 * // 'tripline-filters-000000000000-us-east-1'
 * ```
 */
export const filtersBucketNameOf = (
  stackName: string,
  account: string,
  region: string
): string => `${stackName.toLowerCase()}-filters-${account}-${region}`;

/**
 * The `TRIPLINE_FILTERS_LOCATION` value for a bucket and key prefix.
 *
 * @example
 * ```ts
 * filtersLocationOf('my-bucket', 'filters/'); // 's3://my-bucket/filters/'
 * ```
 */
export const filtersLocationOf = (bucketName: string, prefix: string): string =>
  `s3://${bucketName}/${prefix}`;
