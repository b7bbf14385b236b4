// The national format 国办公开办函〔2021〕30号 as data: tables, row and column ids, exact labels, merges.
// Copied from the reference format file (format-2021.json); the product never reads the reference folder.
import * as common from './common.ts';
import type { NationalFormat } from './types.ts';

/** The columns of table 二 in this format (id and printed label). */
const ISSUED_AND_IN_FORCE = [
  ['issued', '本年制发件数'],
  ['repealed', '本年废止件数'],
  ['in_force', '现行有效件数'],
] as const;
const DECISIONS = [['decisions', '本年处理决定数量']] as const;

export const FORMAT_2021 = {
  format_version: '2021',
  title: '中华人民共和国政府信息公开工作年度报告格式',
  issued_by: '国务院办公厅政府信息与政务公开办公室',
  document_number: '国办公开办函〔2021〕30号',
  signed: '2021-09-26',
  applies_to_report_years: '2021 onward',
  sources: [
    {
      what: 'full text of 国办公开办函〔2021〕30号 incl. 《中华人民共和国政府信息公开工作年度报告格式》 and its template tables (flattened text)',
      address: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzd/202311/t20231108_80912.htm',
    },
    {
      what: 'document number 国办公开办函〔2021〕30号, signing date 2021年9月26日, opening of 一、报告内容',
      address: 'http://zrzy.smx.gov.cn/16903/616589856/1288675.html',
    },
    {
      what: 'merged-cell structure (gridSpan / vMerge) of the 2021 template tables, Word template 政务公开年报模版.docx',
      address:
        'GitHub zxj6827111-blip/govnianbao, path 政务公开年报模版.docx (commit b2fbe3f5b912be2379852eac907e85657da8f238) - third-party template, structure matches official text',
    },
    {
      what: 'merged-cell structure in a published 2021-format HTML report (rowspan=22 on 三、本年度办理结果, rowspan=3 on （六）其他处理)',
      address: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm',
    },
  ],
  body_sections: common.bodySections(
    {
      s1: '综述本机关贯彻落实《条例》情况，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）等方面；重在聚焦主题、简明客观，篇幅原则上不超过一千字。',
      s2: '报告《条例》第二十条法定主动公开内容中适宜以数据呈现且具备统计汇总价值的内容，包括（一）（五）（六）（八）共四项；第（五）项行政许可数量、第（六）项行政处罚和行政强制数量包括已公开和依法未公开的全部处理决定；各项数据核定时间点为报告年度的12月31日。',
      s3: '报告两方面：一是申请人的类别；二是政府信息公开申请的最终处理结果；重在数据准确、要素齐备。',
      s4: '报告行政复议处理结果和行政诉讼处理结果；诉讼区分“未经复议直接起诉”和“复议后起诉”；行政复议机关作为共同被告的案件只计原行为主体的案件数量。',
      s5: '实事求是、明确具体，避免笼统模糊、泛泛而谈；查找问题有针对性，改进举措有实效性，不得敷衍了事甚至年年雷同。',
      s6: '本机关认为需要报告的其他事项，以及其他有关文件专门要求通过年度报告予以报告的事项；各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。',
    },
    '（文字描述，收取信息处理费情况在此处报告。）',
  ),
  tables: [
    {
      id: 'proactive',
      heading: '二、主动公开政府信息情况',
      rows: [
        ...common.proactiveBlock('art20_1', '第二十条第（一）项', ISSUED_AND_IN_FORCE, [
          common.RULE,
          ['normative_document', '行政规范性文件'],
        ]),
        ...common.proactiveBlock('art20_5', '第二十条第（五）项', DECISIONS, [common.LICENSE]),
        ...common.proactiveBlock('art20_6', '第二十条第（六）项', DECISIONS, [
          common.PENALTY,
          common.ENFORCEMENT,
        ]),
        ...common.proactiveBlock(
          'art20_8',
          '第二十条第（八）项',
          [['amount_wan_yuan', '本年收费金额（单位：万元）']],
          [common.CHARGES],
        ),
      ],
      grid: {
        width: 4,
        merges: [
          'each 第二十条第（x）项 header row: colspan 4',
          '（五）（六）（八）项: the single value column (本年处理决定数量 / 本年收费金额（单位：万元）) spans 3 grid columns in both its header row and data rows',
        ],
      },
      units_note:
        '本年收费金额 is in 万元 (ten-thousand yuan); published values carry decimals (e.g. 96171.6, 18651.06, 24252.311082). All other cells are counts (件/个).',
    },
    common.requestsTable(
      [
        common.groupRow('other', '（六）其他处理', 'decided'),
        common.requestRow(
          'other.no_clarification',
          '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
          'other',
        ),
        common.requestRow(
          'other.fee_unpaid',
          '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
          'other',
        ),
        common.requestRow('other.other', '3.其他', 'other'),
      ],
      [
        '三、本年度办理结果: rowspan 22 in label column 1',
        '（一）予以公开 / （二）部分公开 / （七）总计: label colspan 2 (label columns 2-3)',
        '（三）不予公开: rowspan 8; （四）无法提供: rowspan 3; （五）不予处理: rowspan 5; （六）其他处理: rowspan 3',
      ],
    ),
    common.REVIEWS_TABLE,
  ],
  value_conventions: {
    ...common.VALUE_CONVENTIONS,
    money: 't2.art20_8 in 万元 (label says so)',
  },
} as const satisfies NationalFormat;
