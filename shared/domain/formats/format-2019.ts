// The national format 国办公开办函〔2019〕60号 as data: tables, row and column ids, exact labels, merges.
// Copied from the reference format file (format-2019.json); the product never reads the reference folder.
import type { NationalFormat } from './types.ts';

export const FORMAT_2019 = {
  "format_version": "2019",
  "title": "中华人民共和国政府信息公开工作年度报告格式（试行）",
  "issued_by": "国务院办公厅政府信息与政务公开办公室",
  "document_number": "国办公开办函〔2019〕60号",
  "signed": "2019-11-23",
  "applies_to_report_years": "2019 and 2020 (for 2019 the notice 'encourages' the format; agencies with real difficulty could 参照)",
  "sources": [
    {
      "what": "full text of 国办公开办函〔2019〕60号 incl. attachment 《中华人民共和国政府信息公开工作年度报告格式（试行）》 and its template tables (flattened text)",
      "address": "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgkzd/202311/t20231109_80968.htm"
    },
    {
      "what": "document number 国办公开办函〔2019〕60号 and opening of the notice (mirror of the 中国政府网 text)",
      "address": "http://en.hongxingpaper.com/n2588035/n2588300/c13587052/content.html"
    },
    {
      "what": "blank 2019-format tables as published by an agency (label check)",
      "address": "http://www.xiongxian.gov.cn/zwgkcontent-888888040-56270.html"
    },
    {
      "what": "merged-cell structure of tables 三/四 in a 2019-format report (HTML rowspan/colspan)",
      "address": "2019年上海市人民政府办公厅政府信息公开工作年度报告 (published on www.shanghai.gov.cn 2020-01-31); HTML copy stored in a public GitHub file (search-index id 18090078150; repository name not exposed by the index)"
    }
  ],
  "body_sections": [
    {
      "id": "s1",
      "heading": "一、总体情况",
      "requirement": "报告本机关上一年度政府信息公开工作总体情况，重在聚焦主题主线，综述贯彻落实《条例》情况，主要包括主动公开、依申请公开、政府信息管理、平台建设、监督保障（含《条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）等方面。",
      "template_text": "（文字描述）"
    },
    {
      "id": "s2",
      "heading": "二、主动公开政府信息情况",
      "requirement": "报告《条例》第二十条法定主动公开内容中适宜以数据呈现且具备统计汇总价值的内容，包括（一）（五）（六）（八）（九）共五项；其他法定主动公开内容的公开情况在“总体情况”部分综合体现；突出重点，注重用数据反映情况。",
      "table": "proactive"
    },
    {
      "id": "s3",
      "heading": "三、收到和处理政府信息公开申请情况",
      "requirement": "报告两方面：一是申请人的类别；二是政府信息公开申请的最终处理结果；重在数据准确、要素齐备。设置“其他处理”项目主要是考虑新旧条例执行衔接以及极少数特殊情况；原则上所有申请都应当按照法定的处理方式做出处理；主管部门要高度关注这一项目的数据，对“其他处理”数量偏高的行政机关要了解情况。",
      "table": "requests"
    },
    {
      "id": "s4",
      "heading": "四、政府信息公开行政复议、行政诉讼情况",
      "requirement": "报告两方面：一是政府信息公开行政复议处理结果情况；二是政府信息公开行政诉讼处理结果情况；行政诉讼处理结果区分“未经复议直接起诉”和“复议后起诉”；行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，不计算行政复议机关的案件数量。",
      "table": "reviews"
    },
    {
      "id": "s5",
      "heading": "五、存在的主要问题及改进情况",
      "requirement": "报告本机关上一年度存在的主要问题及改进情况；实事求是、明确具体，不得敷衍了事甚至年年雷同。",
      "template_text": "（文字描述）"
    },
    {
      "id": "s6",
      "heading": "六、其他需要报告的事项",
      "requirement": "本机关认为需要报告的其他事项，以及其他有关文件专门要求通过年度报告予以报告的事项。",
      "template_text": "（文字描述）"
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
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量"
          ],
          "columns": []
        },
        {
          "id": "rule",
          "label": "规章",
          "parent": "art20_1",
          "kind": "data",
          "columns": [
            "new_made",
            "new_published",
            "total_published"
          ],
          "column_labels": [
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量"
          ]
        },
        {
          "id": "normative_document",
          "label": "规范性文件",
          "parent": "art20_1",
          "kind": "data",
          "columns": [
            "new_made",
            "new_published",
            "total_published"
          ],
          "column_labels": [
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量"
          ]
        },
        {
          "id": "art20_5",
          "label": "第二十条第（五）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ],
          "columns": []
        },
        {
          "id": "license",
          "label": "行政许可",
          "parent": "art20_5",
          "kind": "data",
          "columns": [
            "prev_year_items",
            "change",
            "decisions"
          ],
          "column_labels": [
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ]
        },
        {
          "id": "other_service",
          "label": "其他对外管理服务事项",
          "parent": "art20_5",
          "kind": "data",
          "columns": [
            "prev_year_items",
            "change",
            "decisions"
          ],
          "column_labels": [
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ]
        },
        {
          "id": "art20_6",
          "label": "第二十条第（六）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ],
          "columns": []
        },
        {
          "id": "penalty",
          "label": "行政处罚",
          "parent": "art20_6",
          "kind": "data",
          "columns": [
            "prev_year_items",
            "change",
            "decisions"
          ],
          "column_labels": [
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ]
        },
        {
          "id": "enforcement",
          "label": "行政强制",
          "parent": "art20_6",
          "kind": "data",
          "columns": [
            "prev_year_items",
            "change",
            "decisions"
          ],
          "column_labels": [
            "上一年项目数量",
            "本年增/减",
            "处理决定数量"
          ]
        },
        {
          "id": "art20_8",
          "label": "第二十条第（八）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "上一年项目数量",
            "本年增/减"
          ],
          "columns": []
        },
        {
          "id": "charges",
          "label": "行政事业性收费",
          "parent": "art20_8",
          "kind": "data",
          "columns": [
            "prev_year_items",
            "change"
          ],
          "column_labels": [
            "上一年项目数量",
            "本年增/减"
          ]
        },
        {
          "id": "art20_9",
          "label": "第二十条第（九）项",
          "parent": null,
          "kind": "section",
          "header_cells": [
            "信息内容",
            "采购项目数量",
            "采购总金额"
          ],
          "columns": []
        },
        {
          "id": "procurement",
          "label": "政府集中采购",
          "parent": "art20_9",
          "kind": "data",
          "columns": [
            "items",
            "amount_yuan"
          ],
          "column_labels": [
            "采购项目数量",
            "采购总金额"
          ]
        }
      ],
      "grid": {
        "width": 4,
        "merges": [
          "each 第二十条第（x）项 header row: colspan 4 (in some published copies colspan 5)",
          "（八）项 row: value cell 本年增/减 spans 2 grid columns",
          "（九）项 row: 采购总金额 spans 2 grid columns"
        ]
      },
      "units_note": "2019 template gives no unit for 采购总金额; agencies printed e.g. '251000元' or '75394432.52元' (unit inside the cell)."
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
          "三、本年度办理结果: rowspan 20 in label column 1",
          "（一）予以公开 / （二）部分公开 / （七）总计: label colspan 2 (label columns 2-3); （六）其他处理 also colspan 2 (single data row)",
          "（三）不予公开: rowspan 8; （四）无法提供: rowspan 3; （五）不予处理: rowspan 5"
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
    "money": "t2.art20_9 采购总金额: unit not fixed by template; agencies append 元"
  }
} as const satisfies NationalFormat;
