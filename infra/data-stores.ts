/**
 * @module Where Tripline keeps things: per-user checkpoints, quarantined
 * records, records that kept failing, and the filter files.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TriplineDeployConfig } from './config.ts';

/** The checkpoint table's partition key, as the core writes it. */
export const CHECKPOINT_PARTITION_KEY = 'user_id';

/** Only filter files go to the bucket: no test cases, no examples. */
const FILTER_FILES_ONLY = ['*', '!*.jsonata'];

/** The on-failure destination of the event source mapping. */
export type FailedRecordsStore =
  | { readonly kind: 's3'; readonly bucket: s3.Bucket }
  | { readonly kind: 'sqs'; readonly queue: sqs.Queue };

/** Properties of {@link DataStores}. */
export interface DataStoresProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
  /** Absolute path of the local filters folder to seed the bucket from. */
  readonly filtersSource: string;
}

/** Tripline's stateful resources. */
export class DataStores extends Construct {
  /** One item per user: the checkpoint the triggers read. */
  readonly table: dynamodb.Table;
  /** Records that cannot be decoded, kept to inspect and redrive. */
  readonly quarantineQueue: sqs.Queue;
  /** The JSONata filter files the function loads at run time. */
  readonly filtersBucket: s3.Bucket;
  /** Where a batch that keeps failing is kept (`msk.onFailure`). */
  readonly failedRecords: FailedRecordsStore;
  /** Server access logs of the buckets above. */
  readonly accessLogsBucket: s3.Bucket;
  /** The upload of `filters/` at deploy. */
  readonly filtersDeployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
    const { config } = props;
    const retain = config.removalPolicy === 'retain';
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'Checkpoints', {
      partitionKey: {
        name: CHECKPOINT_PARTITION_KEY,
        type: dynamodb.AttributeType.STRING,
      },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: config.checkpoints.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: retain,
      removalPolicy,
    });

    this.quarantineQueue = new sqs.Queue(this, 'Quarantine', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(config.quarantine.retentionDays),
      removalPolicy,
    });

    this.accessLogsBucket = this.bucket('AccessLogs', removalPolicy, {
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.filtersBucket = this.bucket('Filters', removalPolicy, {
      // Versions let a bad push be rolled back to the previous file.
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'filters/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
    });

    this.failedRecords =
      config.msk.onFailure === 's3'
        ? {
            kind: 's3',
            bucket: this.bucket('FailedRecords', removalPolicy, {
              serverAccessLogsBucket: this.accessLogsBucket,
              serverAccessLogsPrefix: 'failed-records/',
            }),
          }
        : {
            kind: 'sqs',
            queue: new sqs.Queue(this, 'FailedRecords', {
              encryption: sqs.QueueEncryption.SQS_MANAGED,
              enforceSSL: true,
              retentionPeriod: Duration.days(14),
              removalPolicy,
            }),
          };

    this.filtersDeployment = new s3deploy.BucketDeployment(
      this,
      'SeedFilters',
      {
        sources: [
          s3deploy.Source.asset(props.filtersSource, {
            exclude: FILTER_FILES_ONLY,
          }),
        ],
        destinationBucket: this.filtersBucket,
        destinationKeyPrefix: config.filters.prefix,
        // Filters pushed after the deploy must survive the next deploy.
        prune: false,
        retainOnDelete: retain,
      }
    );
  }

  private bucket(
    id: string,
    removalPolicy: RemovalPolicy,
    props: s3.BucketProps
  ): s3.Bucket {
    return new s3.Bucket(this, id, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
      ...props,
    });
  }
}
