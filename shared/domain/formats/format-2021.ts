// The national format 国办公开办函〔2021〕30号 as data: tables, row and column ids, exact labels, merges.
// Copied from the reference format file (format-2021.json); the product never reads the reference folder.
import type { NationalFormat } from './types.ts';

export const FORMAT_2021 = {
  "format_version": "2021",
  "title": "中华人民共和国政府信息公开工作年度报告格式",
  "issued_by": "国务院办公厅政府信息与政务公开办公室",
  "document_number": "国办公开办函〔2021〕30号",
  "signed": "2021-09-26",
  "applies_to_report_years": "2021 onward",
  "sources": [
    {
      "what": "full text of 国办公开办函〔2021〕30号 incl. 《中华人民共和国政府信息公开工作年度报告格式》 and its template tables (flattened text)",
      "address": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzd/202311/t20231108_80912.htm"
    },
    {
      "what": "document number 国办公开办函〔2021〕30号, signing date 2021年9月26日, opening of 一、报告内容",
      "address": "http://zrzy.smx.gov.cn/16903/616589856/1288675.html"
    },
    {
      "what": "merged-cell structure (gridSpan / vMerge) of the 2021 template tables, Word template 政务公开年报模版.docx",
      "address": "GitHub zxj6827111-blip/govnianbao, path 政务公开年报模版.docx (commit b2fbe3f5b912be2379852eac907e85657da8f238) - third-party template, structure matches official text"
    },
    {
      "what": "merged-cell structure in a published 2021-format HTML report (rowspan=22 on 三、本年度办理结果, rowspan=3 on （六）其他处理)",
      "address": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
    }
  ],
  "body_sections": [
    {
      "id": "s1",
      "heading": "一、总体情况",
      "requirement": "综述本机关贯彻落实《条例》情况，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）等方面；重在聚焦主题、简明客观，篇幅原则上不超过一千字。",
      "template_text": "（文字描述）"
    },
    {
      "id": "s2",
      "heading": "二、主动公开政府信息情况",
      "requirement": "报告《条例》第二十条法定主动公开内容中适宜以数据呈现且具备统计汇总价值的内容，包括（一）（五）（六）（八）共四项；第（五）项行政许可数量、第（六）项行政处罚和行政强制数量包括已公开和依法未公开的全部处理决定；各项数据核定时间点为报告年度的12月31日。",
      "table": "proactive"
    },
    {
      "id": "s3",
      "heading": "三、收到和处理政府信息公开申请情况",
      "requirement": "报告两方面：一是申请人的类别；二是政府信息公开申请的最终处理结果；重在数据准确、要素齐备。",
      "table": "requests"
    },
    {
      "id": "s4",
      "heading": "四、政府信息公开行政复议、行政诉讼情况",
      "requirement": "报告行政复议处理结果和行政诉讼处理结果；诉讼区分“未经复议直接起诉”和“复议后起诉”；行政复议机关作为共同被告的案件只计原行为主体的案件数量。",
      "table": "reviews"
    },
    {
      "id": "s5",
      "heading": "五、存在的主要问题及改进情况",
      "requirement": "实事求是、明确具体，避免笼统模糊、泛泛而谈；查找问题有针对性，改进举措有实效性，不得敷衍了事甚至年年雷同。",
      "template_text": "（文字描述）"
    },
    {
      "id": "s6",
      "heading": "六、其他需要报告的事项",
      "requirement": "本机关认为需要报告的其他事项，以及其他有关文件专门要求通过年度报告予以报告的事项；各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。",
      "template_text": "（文字描述，收取信息处理费情况在此处报告。）"
    }
  ],
  "tables": [
    {
      "id": "proactive",
      "heading": "二、主动公开政府信息情况",
      "rows": [
        {
          "id": "art20_1",
          "label": "第二十条第（一）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数"
          ],
          "columns": []
        },
        {
          "id": "rule",
          "label": "规章",
          "parent": "art20_1",
          "kind": "data",
          "columns": [
            "issued",
            "repealed",
            "in_force"
          ],
          "column_labels": [
            "本年制发件数",
            "本年废止件数",
            "现行有效件数"
          ]
        },
        {
          "id": "normative_document",
          "label": "行政规范性文件",
          "parent": "art20_1",
          "kind": "data",
          "columns": [
            "issued",
            "repealed",
            "in_force"
          ],
          "column_labels": [
            "本年制发件数",
            "本年废止件数",
            "现行有效件数"
          ]
        },
        {
          "id": "art20_5",
          "label": "第二十条第（五）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "本年处理决定数量"
          ],
          "columns": []
        },
        {
          "id": "license",
          "label": "行政许可",
          "parent": "art20_5",
          "kind": "data",
          "columns": [
            "decisions"
          ],
          "column_labels": [
            "本年处理决定数量"
          ]
        },
        {
          "id": "art20_6",
          "label": "第二十条第（六）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "本年处理决定数量"
          ],
          "columns": []
        },
        {
          "id": "penalty",
          "label": "行政处罚",
          "parent": "art20_6",
          "kind": "data",
          "columns": [
            "decisions"
          ],
          "column_labels": [
            "本年处理决定数量"
          ]
        },
        {
          "id": "enforcement",
          "label": "行政强制",
          "parent": "art20_6",
          "kind": "data",
          "columns": [
            "decisions"
          ],
          "column_labels": [
            "本年处理决定数量"
          ]
        },
        {
          "id": "art20_8",
          "label": "第二十条第（八）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "本年收费金额（单位：万元）"
          ],
          "columns": []
        },
        {
          "id": "charges",
          "label": "行政事业性收费",
          "parent": "art20_8",
          "kind": "data",
          "columns": [
            "amount_wan_yuan"
          ],
          "column_labels": [
            "本年收费金额（单位：万元）"
          ]
        }
      ],
      "grid": {
        "width": 4,
        "merges": [
          "each 第二十条第（x）项 header row: colspan 4",
          "（五）（六）（八）项: the single value column (本年处理决定数量 / 本年收费金额（单位：万元）) spans 3 grid columns in both its header row and data rows"
        ]
      },
      "units_note": "本年收费金额 is in 万元 (ten-thousand yuan); published values carry decimals (e.g. 96171.6, 18651.06, 24252.311082). All other cells are counts (件/个)."
    },
    {
      "id": "requests",
      "heading": "三、收到和处理政府信息公开申请情况",
      "corner_cell": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
      "columns": [
        {
          "id": "applicant",
          "label": "申请人情况",
          "parent": null,
          "header_only": true
        },
        {
          "id": "natural_person",
          "label": "自然人",
          "parent": "applicant"
        },
        {
          "id": "legal_or_org",
          "label": "法人或其他组织",
          "parent": "applicant",
          "header_only": true
        },
        {
          "id": "commercial",
          "label": "商业企业",
          "parent": "legal_or_org"
        },
        {
          "id": "research",
          "label": "科研机构",
          "parent": "legal_or_org"
        },
        {
          "id": "public_interest",
          "label": "社会公益组织",
          "parent": "legal_or_org"
        },
        {
          "id": "legal_service",
          "label": "法律服务机构",
          "parent": "legal_or_org"
        },
        {
          "id": "other_org",
          "label": "其他",
          "parent": "legal_or_org"
        },
        {
          "id": "total",
          "label": "总计",
          "parent": "applicant"
        }
      ],
      "leaf_columns": [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
        "total"
      ],
      "rows": [
        {
          "id": "received",
          "label": "一、本年新收政府信息公开申请数量",
          "parent": null,
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "carried_over",
          "label": "二、上年结转政府信息公开申请数量",
          "parent": null,
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "decided",
          "label": "三、本年度办理结果",
          "parent": null,
          "kind": "group",
          "columns": []
        },
        {
          "id": "disclosed",
          "label": "（一）予以公开",
          "parent": "decided",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "partially_disclosed",
          "label": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
          "parent": "decided",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld",
          "label": "（三）不予公开",
          "parent": "decided",
          "kind": "group",
          "columns": []
        },
        {
          "id": "withheld.state_secret",
          "label": "1.属于国家秘密",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.law_prohibited",
          "label": "2.其他法律行政法规禁止公开",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.security_stability",
          "label": "3.危及“三安全一稳定”",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.third_party_rights",
          "label": "4.保护第三方合法权益",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.internal_affairs",
          "label": "5.属于三类内部事务信息",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.process_information",
          "label": "6.属于四类过程性信息",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.enforcement_file",
          "label": "7.属于行政执法案卷",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "withheld.inquiry_matter",
          "label": "8.属于行政查询事项",
          "parent": "withheld",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "unavailable",
          "label": "（四）无法提供",
          "parent": "decided",
          "kind": "group",
          "columns": []
        },
        {
          "id": "unavailable.not_held",
          "label": "1.本机关不掌握相关政府信息",
          "parent": "unavailable",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "unavailable.needs_creation",
          "label": "2.没有现成信息需要另行制作",
          "parent": "unavailable",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "unavailable.unclear",
          "label": "3.补正后申请内容仍不明确",
          "parent": "unavailable",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "not_processed",
          "label": "（五）不予处理",
          "parent": "decided",
          "kind": "group",
          "columns": []
        },
        {
          "id": "not_processed.complaint",
          "label": "1.信访举报投诉类申请",
          "parent": "not_processed",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "not_processed.duplicate",
          "label": "2.重复申请",
          "parent": "not_processed",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "not_processed.publication",
          "label": "3.要求提供公开出版物",
          "parent": "not_processed",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "not_processed.excessive",
          "label": "4.无正当理由大量反复申请",
          "parent": "not_processed",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "not_processed.confirmation",
          "label": "5.要求行政机关确认或重新出具已获取信息",
          "parent": "not_processed",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "other",
          "label": "（六）其他处理",
          "parent": "decided",
          "kind": "group",
          "columns": []
        },
        {
          "id": "other.no_clarification",
          "label": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "parent": "other",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "other.fee_unpaid",
          "label": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
          "parent": "other",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "other.other",
          "label": "3.其他",
          "parent": "other",
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "decided_total",
          "label": "（七）总计",
          "parent": "decided",
          "kind": "total",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        },
        {
          "id": "carried_forward",
          "label": "四、结转下年度继续办理",
          "parent": null,
          "kind": "data",
          "columns": [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_org",
            "total"
          ]
        }
      ],
      "grid": {
        "width": 10,
        "label_columns": 3,
        "value_columns": 7,
        "merges": [
          "corner cell: colspan 3, rowspan 3 (header rows 1-3)",
          "申请人情况: colspan 7 (header row 1)",
          "自然人: rowspan 2 (header rows 2-3)",
          "法人或其他组织: colspan 5 (header row 2); its 5 children on header row 3",
          "总计: rowspan 2 (header rows 2-3)",
          "一、本年新收… / 二、上年结转… / 四、结转下年度继续办理: label colspan 3",
          "三、本年度办理结果: rowspan 22 in label column 1",
          "（一）予以公开 / （二）部分公开 / （七）总计: label colspan 2 (label columns 2-3)",
          "（三）不予公开: rowspan 8; （四）无法提供: rowspan 3; （五）不予处理: rowspan 5; （六）其他处理: rowspan 3"
        ]
      },
      "identities": [
        "for every leaf column c: received[c] + carried_over[c] == decided_total[c] + carried_forward[c]",
        "for every data row r: r.total == r.natural_person + r.commercial + r.research + r.public_interest + r.legal_service + r.other_org (implied by the 总计 column)",
        "decided_total[c] == sum of all data rows under decided (implied by （七）总计)"
      ]
    },
    {
      "id": "reviews",
      "heading": "四、政府信息公开行政复议、行政诉讼情况",
      "column_groups": [
        {
          "id": "reconsideration",
          "label": "行政复议",
          "parent": null
        },
        {
          "id": "litigation",
          "label": "行政诉讼",
          "parent": null
        },
        {
          "id": "litigation_direct",
          "label": "未经复议直接起诉",
          "parent": "litigation"
        },
        {
          "id": "litigation_after_reconsideration",
          "label": "复议后起诉",
          "parent": "litigation"
        }
      ],
      "columns": [
        {
          "id": "upheld",
          "label": "结果维持",
          "parent": null
        },
        {
          "id": "corrected",
          "label": "结果纠正",
          "parent": null
        },
        {
          "id": "other",
          "label": "其他结果",
          "parent": null
        },
        {
          "id": "pending",
          "label": "尚未审结",
          "parent": null
        },
        {
          "id": "total",
          "label": "总计",
          "parent": null
        }
      ],
      "leaf_columns": [
        "upheld",
        "corrected",
        "other",
        "pending",
        "total"
      ],
      "rows": [
        {
          "id": "reconsideration",
          "label": "行政复议",
          "parent": null,
          "kind": "data",
          "columns": [
            "upheld",
            "corrected",
            "other",
            "pending",
            "total"
          ]
        },
        {
          "id": "litigation",
          "label": "行政诉讼",
          "parent": null,
          "kind": "group",
          "columns": []
        },
        {
          "id": "litigation_direct",
          "label": "未经复议直接起诉",
          "parent": "litigation",
          "kind": "data",
          "columns": [
            "upheld",
            "corrected",
            "other",
            "pending",
            "total"
          ]
        },
        {
          "id": "litigation_after_reconsideration",
          "label": "复议后起诉",
          "parent": "litigation",
          "kind": "data",
          "columns": [
            "upheld",
            "corrected",
            "other",
            "pending",
            "total"
          ]
        }
      ],
      "layout_note": "Printed as ONE data row of 15 cells: 行政复议 {结果维持, 结果纠正, 其他结果, 尚未审结, 总计} | 未经复议直接起诉 {same five} | 复议后起诉 {same five}. The JSON splits it into 3 logical rows.",
      "grid": {
        "width": 15,
        "merges": [
          "行政复议: colspan 5 (header row 1)",
          "行政诉讼: colspan 10 (header row 1)",
          "the five 行政复议 sub-headers (结果维持…总计): rowspan 2 (header rows 2-3)",
          "未经复议直接起诉: colspan 5 (header row 2); 复议后起诉: colspan 5 (header row 2)",
          "the ten litigation sub-headers on header row 3",
          "one data row (row 4), 15 cells"
        ]
      },
      "identities": [
        "for each of reconsideration, litigation_direct, litigation_after_reconsideration: total == upheld + corrected + other + pending"
      ],
      "counting_note": "行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。"
    }
  ],
  "value_conventions": {
    "counts": "non-negative integers (件)",
    "blank_vs_zero": "the template has no rule; published reports use both 0 and blank. A generator should print 0 explicitly (see summary.md).",
    "money": "t2.art20_8 in 万元 (label says so)"
  }
} as const satisfies NationalFormat;
