// The national format 国办公开办函〔2019〕60号 as data: tables, row and column ids, exact labels, merges.
// Copied from the reference format file (format-2019.json); the product never reads the reference folder.
import * as common from './common.ts';
import type { NationalFormat } from './types.ts';

/** The columns of table 二 in this format (id and printed label). */
const MADE_AND_PUBLISHED = [
  ['new_made', '本年新制作数量'],
  ['new_published', '本年新公开数量'],
  ['total_published', '对外公开总数量'],
] as const;
const ITEMS = [
  ['prev_year_items', '上一年项目数量'],
  ['change', '本年增/减'],
] as const;
const ITEMS_AND_DECISIONS = [...ITEMS, ['decisions', '处理决定数量']] as const;
const PROCUREMENT_COLUMNS = [
  ['items', '采购项目数量'],
  ['amount_yuan', '采购总金额'],
] as const;

export const FORMAT_2019 = {
  format_version: '2019',
  title: '中华人民共和国政府信息公开工作年度报告格式（试行）',
  issued_by: '国务院办公厅政府信息与政务公开办公室',
  document_number: '国办公开办函〔2019〕60号',
  signed: '2019-11-23',
  applies_to_report_years:
    "2019 and 2020 (for 2019 the notice 'encourages' the format; agencies with real difficulty could 参照)",
  sources: [
    {
      what: 'full text of 国办公开办函〔2019〕60号 incl. attachment 《中华人民共和国政府信息公开工作年度报告格式（试行）》 and its template tables (flattened text)',
      address: 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzd/202311/t20231109_80968.htm',
    },
    {
      what: 'document number 国办公开办函〔2019〕60号 and opening of the notice (mirror of the 中国政府网 text)',
      address: 'http://en.hongxingpaper.com/n2588035/n2588300/c13587052/content.html',
    },
    {
      what: 'blank 2019-format tables as published by an agency (label check)',
      address: 'http://www.xiongxian.gov.cn/zwgkcontent-888888040-56270.html',
    },
    {
      what: 'merged-cell structure of tables 三/四 in a 2019-format report (HTML rowspan/colspan)',
      address:
        '2019年上海市人民政府办公厅政府信息公开工作年度报告 (published on www.shanghai.gov.cn 2020-01-31); HTML copy stored in a public GitHub file (search-index id 18090078150; repository name not exposed by the index)',
    },
  ],
  body_sections: common.bodySections({
    s1: '报告本机关上一年度政府信息公开工作总体情况，重在聚焦主题主线，综述贯彻落实《条例》情况，主要包括主动公开、依申请公开、政府信息管理、平台建设、监督保障（含《条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）等方面。',
    s2: '报告《条例》第二十条法定主动公开内容中适宜以数据呈现且具备统计汇总价值的内容，包括（一）（五）（六）（八）（九）共五项；其他法定主动公开内容的公开情况在“总体情况”部分综合体现；突出重点，注重用数据反映情况。',
    s3: '报告两方面：一是申请人的类别；二是政府信息公开申请的最终处理结果；重在数据准确、要素齐备。设置“其他处理”项目主要是考虑新旧条例执行衔接以及极少数特殊情况；原则上所有申请都应当按照法定的处理方式做出处理；主管部门要高度关注这一项目的数据，对“其他处理”数量偏高的行政机关要了解情况。',
    s4: '报告两方面：一是政府信息公开行政复议处理结果情况；二是政府信息公开行政诉讼处理结果情况；行政诉讼处理结果区分“未经复议直接起诉”和“复议后起诉”；行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。',
    s5: '报告本机关上一年度存在的主要问题及改进情况；实事求是、明确具体，不得敷衍了事甚至年年雷同。',
    s6: '本机关认为需要报告的其他事项，以及其他有关文件专门要求通过年度报告予以报告的事项。',
  }),
  tables: [
    {
      id: 'proactive',
      heading: '二、主动公开政府信息情况',
      rows: [
        ...common.proactiveBlock('art20_1', '第二十条第（一）项', MADE_AND_PUBLISHED, [
          common.RULE,
          ['normative_document', '规范性文件'],
        ]),
        ...common.proactiveBlock('art20_5', '第二十条第（五）项', ITEMS_AND_DECISIONS, [
          common.LICENSE,
          ['other_service', '其他对外管理服务事项'],
        ]),
        ...common.proactiveBlock('art20_6', '第二十条第（六）项', ITEMS_AND_DECISIONS, [
          common.PENALTY,
          common.ENFORCEMENT,
        ]),
        ...common.proactiveBlock('art20_8', '第二十条第（八）项', ITEMS, [common.CHARGES]),
        ...common.proactiveBlock('art20_9', '第二十条第（九）项', PROCUREMENT_COLUMNS, [
          ['procurement', '政府集中采购'],
        ]),
      ],
      grid: {
        width: 4,
        merges: [
          'each 第二十条第（x）项 header row: colspan 4 (in some published copies colspan 5)',
          '（八）项 row: value cell 本年增/减 spans 2 grid columns',
          '（九）项 row: 采购总金额 spans 2 grid columns',
        ],
      },
      units_note:
        "2019 template gives no unit for 采购总金额; agencies printed e.g. '251000元' or '75394432.52元' (unit inside the cell).",
    },
    common.requestsTable(
      [common.requestRow('other', '（六）其他处理', 'decided')],
      [
        '三、本年度办理结果: rowspan 20 in label column 1',
        '（一）予以公开 / （二）部分公开 / （七）总计: label colspan 2 (label columns 2-3); （六）其他处理 also colspan 2 (single data row)',
        '（三）不予公开: rowspan 8; （四）无法提供: rowspan 3; （五）不予处理: rowspan 5',
      ],
    ),
    common.REVIEWS_TABLE,
  ],
  value_conventions: {
    ...common.VALUE_CONVENTIONS,
    money: 't2.art20_9 采购总金额: unit not fixed by template; agencies append 元',
  },
} as const satisfies NationalFormat;
