/**
 * What wakes someone up, all on one SNS topic:
 * - a dead-letter queue that is not empty (ApproximateNumberOfMessagesVisible > 0): a message failed
 *   maxReceiveCount times and waits to be looked at and redriven;
 * - a function that failed (Errors ≥ 1 in 5 minutes);
 * - the nightly that did not complete: no `Gongkai/NightlyCompleted` datapoint in 26 hours. Missing data
 *   is breaching, so a schedule that never fired, a dispatcher that crashed before the end, or a metric
 *   that is no longer emitted all raise it.
 *
 * Who emits NightlyCompleted: the nightly dispatcher (functions/nightly-dispatcher), once per run, after it
 * has listed the changed agencies and put every one of them on the nightly queue (also when there were
 * none), as one CloudWatch Embedded Metric Format line on stdout — no PutMetricData permission needed:
 *
 *   {"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":"Gongkai","Dimensions":[[]],
 *     "Metrics":[{"Name":"NightlyCompleted","Unit":"Count"}]}]},"NightlyCompleted":1}
 *
 * An agency whose work then fails shows up on the nightly dead-letter queue and the worker's error alarm.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The custom metric of a completed nightly run (EMF, no dimensions). */
export const NIGHTLY_COMPLETED_METRIC = { namespace: 'Gongkai', metricName: 'NightlyCompleted' } as const;

/** The nightly runs every 24 hours; two hours of slack before it counts as missed. */
export const NIGHTLY_DEADLINE = Duration.hours(26);

export interface PipelineAlarmsProps {
  /** The functions whose errors alarm, by a short name used in the alarm's name. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** The dead-letter queues that must stay empty, by a short name. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Addresses subscribed to the alarm topic (each must confirm the subscription e-mail). */
  readonly emails?: readonly string[];
}

export class PipelineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Gongkai alarms', enforceSSL: true });
    for (const email of props.emails ?? [])
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(`${pascal(name)}DeadLetters`, {
        alarmDescription: `Messages on the ${name} dead-letter queue: they failed every retry. Read the function's log for the reason, fix, then redrive them.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${pascal(name)}Errors`, {
        alarmDescription: `The ${name} function failed (an error or a timeout). Its log group has the details.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    this.add('NightlyNotCompleted', {
      alarmDescription:
        'No nightly run completed in the last 26 hours (metric Gongkai/NightlyCompleted, emitted by the nightly ' +
        'dispatcher). Check the schedule, then the dispatcher log.',
      metric: new cloudwatch.Metric({
        ...NIGHTLY_COMPLETED_METRIC,
        statistic: 'Sum',
        period: NIGHTLY_DEADLINE,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  private add(id: string, props: cloudwatch.AlarmProps): void {
    const alarm = new cloudwatch.Alarm(this, id, props);
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
